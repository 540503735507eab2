import { afterEach, describe, expect, it } from "vitest";
import { patchesToDiff, quotePath, type FilePatch } from "../../src/core/patches-to-diff.js";
import { splitDiff } from "../../src/core/split-diff.js";
import { createRepo, type Repo } from "../support/git-repo.js";

let repo: Repo | undefined;
afterEach(() => repo?.cleanup());

/** What a forge API gives for each file: the hunks without headers, and the file's facts. */
function asForgePatches(diff: string): FilePatch[] {
  return splitDiff(diff).map((s) => ({ path: s.path, oldPath: s.oldPath, status: s.status, patch: s.body }));
}

describe("patchesToDiff", () => {
  it("reads back as the same files, statuses, paths and hunks as git's own diff", () => {
    repo = createRepo();
    repo.write("keep.ts", "one\ntwo\nthree\n");
    repo.write("gone.ts", "bye\n");
    repo.write("old name.ts", "alpha\nbeta\ngamma\ndelta\n");
    repo.write("moved.ts", "x\ny\nz\nw\nv\n");
    const base = repo.commit("base");
    repo.write("keep.ts", "one\n2\nthree\n");
    repo.remove("gone.ts");
    repo.remove("old name.ts");
    repo.write("new name.ts", "alpha\nbeta\ngamma\nDELTA\n");
    repo.remove("moved.ts");
    repo.write("dir/moved.ts", "x\ny\nz\nw\nv\n");
    repo.write("ünï\tcode \"q\".ts", "first\nsecond");
    repo.write("empty.txt", "");
    const head = repo.commit("head");
    const diff = repo.git("-c", "core.quotePath=true", "diff", "--find-renames", base, head);

    const original = splitDiff(diff);
    const rebuilt = splitDiff(patchesToDiff(asForgePatches(diff)));
    const facts = (sections: typeof original) =>
      sections.map(({ path, oldPath, status, additions, deletions, body }) => ({ path, oldPath, status, additions, deletions, body }));
    expect(facts(rebuilt)).toEqual(facts(original));
    expect(original.map((s) => s.status).sort()).toEqual(["added", "added", "deleted", "modified", "renamed", "renamed"]);
  });

  it("adds the final newline a forge's patch leaves out", () => {
    const text = patchesToDiff([{ path: "a.ts", oldPath: "a.ts", status: "modified", patch: "@@ -1 +1 @@\n-a\n+b" }]);
    expect(splitDiff(text)[0]).toMatchObject({ path: "a.ts", additions: 1, deletions: 1 });
  });
});

describe("quotePath", () => {
  it("quotes as git does with core.quotePath", () => {
    repo = createRepo();
    for (const name of ["plain.ts", "with space.ts", "tab\there.ts", 'quote".ts', "back\\slash.ts", "ä.ts"]) {
      repo.write(name, "x\n");
    }
    repo.commit("files");
    const listed = repo.git("-c", "core.quotePath=true", "ls-files").split("\n").filter(Boolean).sort();
    const ours = ["plain.ts", "with space.ts", "tab\there.ts", 'quote".ts', "back\\slash.ts", "ä.ts"].map(quotePath).sort();
    expect(ours).toEqual(listed);
  });
});
