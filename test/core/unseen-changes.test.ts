import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { splitDiff } from "../../src/core/split-diff.js";
import { listUnseenChanges } from "../../src/core/unseen-changes.js";
import { createRepo, type Repo } from "../support/git-repo.js";
import { modifiedFileHeader } from "../support/file-header.js";

// Built at run time so no secret scanner flags this file.
const FAKE_TOKEN = ["ghp", "_", "Zq9Xw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0FeDcBa"].join("");

describe("listUnseenChanges", () => {
  let repo: Repo;
  beforeEach(() => {
    repo = createRepo();
  });
  afterEach(() => repo.cleanup());

  it("lists what real git shows with no lines: deletions, pure renames and copies, submodules, modes, empty files", () => {
    repo.write("src/a.js", "export const a = 1;\n");
    repo.write("src/auth.js", "export const check = (u) => u.isAdmin === true;\n");
    repo.write("test/auth.test.js", "test('denies', () => {});\n");
    repo.write("bin/run", "#!/bin/sh\necho hi\n");
    repo.git("add", "-A");
    // A gitlink has no folder in the work tree, so `git add -A` (and repo.commit) would drop it.
    repo.git("update-index", "--add", "--cacheinfo", "160000,1111111111111111111111111111111111111111,libs/crypto");
    repo.git("commit", "-q", "-m", "base");
    const base = repo.git("rev-parse", "HEAD").trim();
    repo.remove("test/auth.test.js");
    repo.git("mv", "src/auth.js", "src/auth.js.orig");
    repo.write("src/a.js", "export const a = 2;\n");
    repo.write("pkg/__init__.py", "");
    repo.git("add", "-A");
    repo.git("update-index", "--chmod=+x", "bin/run");
    repo.git("update-index", "--add", "--cacheinfo", "160000,2222222222222222222222222222222222222222,libs/crypto");
    repo.git("commit", "-q", "-m", "change");
    const diff = repo.git("diff", "--find-renames", base, "HEAD");

    expect(listUnseenChanges(splitDiff(diff), {})).toEqual([
      "- mode changed: bin/run (mode 100644 -> 100755)",
      "- submodule moved: libs/crypto 111111111111 -> 222222222222",
      "- added, empty: pkg/__init__.py",
      "- renamed without content change: src/auth.js -> src/auth.js.orig",
      "- deleted: test/auth.test.js",
    ]);
    // What the config leaves out is left out here too.
    expect(listUnseenChanges(splitDiff(diff), { exclude: ["test/"], include: ["src/**", "test/**"] })).toEqual([
      "- renamed without content change: src/auth.js -> src/auth.js.orig",
    ]);
  });

  it("never lists a secret in a path, and caps a long list", () => {
    const deleted = (path: string) => ({ ...modifiedFileHeader(path), status: "deleted" as const, body: "", bodyLine: 1 });
    expect(listUnseenChanges([deleted(`notes/${FAKE_TOKEN}.txt`)], {})).toEqual(["- deleted: notes/[REDACTED:github-token].txt"]);
    const many = listUnseenChanges(Array.from({ length: 45 }, (_, i) => deleted(`old/f${i}.js`)), {});
    expect(many).toHaveLength(41);
    expect(many.at(-1)).toBe("- and 5 more");
  });
});
