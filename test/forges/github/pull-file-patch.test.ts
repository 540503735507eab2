import { describe, expect, it } from "vitest";
import { splitDiff } from "../../../src/core/split-diff.js";
import { patchesToDiff } from "../../../src/core/patches-to-diff.js";
import { decideVerdict } from "../../../src/core/verdict.js";
import { githubFileStatus } from "../../../src/forges/github/github-file-status.js";
import { pullFilePatch } from "../../../src/forges/github/pull-file-patch.js";
import { unlistedFilesSkip } from "../../../src/forges/github/unlisted-files-skip.js";

describe("githubFileStatus", () => {
  it("maps every status GitHub gives to the diff model's", () => {
    const mapped = Object.fromEntries(
      ["added", "removed", "modified", "renamed", "copied", "changed", "unchanged"].map((s) => [s, githubFileStatus(s)]),
    );
    expect(mapped).toEqual({
      added: "added",
      removed: "deleted",
      modified: "modified",
      renamed: "renamed",
      copied: "copied",
      changed: "modified",
      unchanged: "modified",
    });
  });

  it("refuses a status it does not know instead of guessing", () => {
    expect(() => githubFileStatus("exploded")).toThrow(/unknown file status "exploded"/);
  });
});

describe("pullFilePatch", () => {
  it("keeps a file's patch, path and old path for the one diff parser", () => {
    const outcome = pullFilePatch({ filename: "src/new.ts", previous_filename: "src/old.ts", status: "renamed", changes: 2, patch: "@@ -1 +1 @@\n-a\n+b" });
    expect(outcome).toEqual({ kind: "patch", patch: { path: "src/new.ts", oldPath: "src/old.ts", status: "renamed", patch: "@@ -1 +1 @@\n-a\n+b" } });
    if (outcome.kind !== "patch") throw new Error("unreachable");
    expect(splitDiff(patchesToDiff([outcome.patch]))[0]).toMatchObject({ path: "src/new.ts", oldPath: "src/old.ts", status: "renamed", additions: 1, deletions: 1 });
  });

  it("skips a changed file without a patch as too large, and marks it as code the model did not see", () => {
    expect(pullFilePatch({ filename: "src/huge.ts", status: "modified", changes: 90_000 })).toEqual({
      kind: "skipped",
      skipped: { path: "src/huge.ts", reason: "too-large", detail: "GitHub gives no diff for this file (too large)", changeControlled: true },
    });
  });

  it("passes a binary file by its extension on as git's binary line, whatever its line counts, for the select stage", () => {
    expect(pullFilePatch({ filename: "assets/logo.PNG", status: "added", changes: 0 })).toEqual({
      kind: "patch",
      patch: { path: "assets/logo.PNG", oldPath: "assets/logo.PNG", status: "added", patch: "Binary files a/assets/logo.PNG and b/assets/logo.PNG differ\n" },
    });
  });

  it("passes a file with no patch and no changed lines on as binary, or as empty when its blob is the empty one", () => {
    expect(pullFilePatch({ filename: "data/blob", status: "added", changes: 0, sha: "0123" })).toMatchObject({
      kind: "patch",
      patch: { status: "added", patch: "Binary files a/data/blob and b/data/blob differ\n" },
    });
    expect(pullFilePatch({ filename: "data/blob", status: "modified", changes: 0 })).toMatchObject({ kind: "patch", patch: { patch: expect.stringMatching(/^Binary files/) } });
    expect(pullFilePatch({ filename: "pkg/__init__.py", status: "added", changes: 0, sha: "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391" })).toMatchObject({
      kind: "patch",
      patch: { status: "added", patch: "" },
    });
  });

  it("keeps a pure rename, a mode change and a deletion without patch in the diff, with no hunks", () => {
    for (const [status, expected] of [["renamed", "renamed"], ["changed", "modified"], ["removed", "deleted"]] as const) {
      const outcome = pullFilePatch({ filename: "b.ts", previous_filename: status === "renamed" ? "a.ts" : undefined, status, changes: 0 });
      expect(outcome, status).toMatchObject({ kind: "patch", patch: { status: expected, patch: "" } });
    }
  });
});

describe("unlistedFilesSkip", () => {
  it("is nothing when GitHub listed every file", () => {
    expect(unlistedFilesSkip(3000, 3000)).toBeNull();
  });

  it("counts the files past GitHub's cap in one entry that rules out approval", () => {
    const skip = unlistedFilesSkip(3_412, 3_000);
    expect(skip).toEqual({
      path: "(412 more files)",
      reason: "too-large",
      detail: "GitHub lists at most 3,000 files of a pull request; 412 more were not reviewed",
      changeControlled: true,
    });
    const decision = decideVerdict([], { failOn: "major", approve: true }, { parts: 1, failedParts: 0, droppedComments: 0, notReviewed: [], changeControlledSkips: [skip!] });
    expect(decision.verdict).toBe("comment");
    expect(decision.approvalWithheld).toContain("(412 more files)");
  });
});
