import { describe, expect, it } from "vitest";
import { patchesToDiff } from "../../../src/core/patches-to-diff.js";
import { splitDiff } from "../../../src/core/split-diff.js";
import { decideVerdict } from "../../../src/core/verdict.js";
import { changedBetweenVersions } from "../../../src/forges/gitlab/changed-between-versions.js";
import { gitlabDiffPatch, type GitLabDiff } from "../../../src/forges/gitlab/gitlab-diff-patch.js";
import { gitlabFileStatus } from "../../../src/forges/gitlab/gitlab-file-status.js";

const flags = { new_file: false, renamed_file: false, deleted_file: false };
const entry = (over: Partial<GitLabDiff>): GitLabDiff => ({ old_path: "a.ts", new_path: "a.ts", a_mode: "100644", b_mode: "100644", diff: "", ...flags, ...over });

describe("gitlabFileStatus", () => {
  it("maps GitLab's flags to the diff model's statuses", () => {
    expect(gitlabFileStatus({ ...flags, new_file: true })).toBe("added");
    expect(gitlabFileStatus({ ...flags, deleted_file: true })).toBe("deleted");
    expect(gitlabFileStatus({ ...flags, renamed_file: true })).toBe("renamed");
    expect(gitlabFileStatus(flags)).toBe("modified");
  });
});

describe("gitlabDiffPatch", () => {
  it("gives a file's hunks with its status and paths, which read back through the one diff parser", () => {
    const renamed = gitlabDiffPatch(entry({ old_path: "old.ts", new_path: "new.ts", renamed_file: true, diff: "@@ -1 +1 @@\n-a\n+b\n" }));
    const added = gitlabDiffPatch(entry({ new_path: "n.ts", old_path: "n.ts", new_file: true, a_mode: "0", diff: "@@ -0,0 +1 @@\n+x\n" }));
    expect(renamed.kind === "patch" && added.kind === "patch").toBe(true);
    if (renamed.kind !== "patch" || added.kind !== "patch") return;
    const sections = splitDiff(patchesToDiff([renamed.patch, added.patch]));
    expect(sections.map((s) => [s.path, s.oldPath, s.status, s.additions, s.deletions])).toEqual([
      ["new.ts", "old.ts", "renamed", 1, 1],
      ["n.ts", "n.ts", "added", 1, 0],
    ]);
  });

  it("reports a too_large or collapsed file as not reviewed with the reason, and as unseen code that blocks approval", () => {
    const tooLarge = gitlabDiffPatch(entry({ too_large: true }));
    const collapsed = gitlabDiffPatch(entry({ new_path: "b.ts", old_path: "b.ts", collapsed: true }));
    expect(tooLarge).toEqual({ kind: "skipped", skipped: { path: "a.ts", reason: "too-large", detail: "GitLab gives no diff for this file (too large)", changeControlled: true } });
    expect(collapsed).toEqual({ kind: "skipped", skipped: { path: "b.ts", reason: "too-large", detail: "GitLab collapsed this file's diff (over its size limit)", changeControlled: true } });
    const changeControlledSkips = [tooLarge, collapsed].flatMap((o) => (o.kind === "skipped" && o.skipped.changeControlled ? [o.skipped] : []));
    const coverage = { parts: 1, failedParts: 0, droppedComments: 0, notReviewed: [], changeControlledSkips };
    expect(decideVerdict([], { failOn: "major", approve: true }, coverage).verdict).toBe("comment");
  });

  it("passes GitLab's binary line on for the select stage, reports files with no diff, and passes renames, mode changes and deleted or empty files with no hunks", () => {
    const binary = "Binary files a/logo.png and b/logo.png differ\n";
    expect(gitlabDiffPatch(entry({ new_path: "logo.png", diff: binary }))).toMatchObject({ kind: "patch", patch: { patch: binary } });
    expect(gitlabDiffPatch(entry({ new_path: "logo.png" }))).toMatchObject({ kind: "skipped", skipped: { reason: "binary", detail: "GitLab gives no diff for this file (binary .png file)" } });
    expect(gitlabDiffPatch(entry({ new_file: true }))).toMatchObject({ kind: "patch", patch: { status: "added", patch: "" } });
    expect(gitlabDiffPatch(entry({}))).toMatchObject({ kind: "skipped", skipped: { reason: "binary", changeControlled: true } });
    expect(gitlabDiffPatch(entry({ old_path: "x.ts", renamed_file: true }))).toMatchObject({ kind: "patch", patch: { status: "renamed", patch: "" } });
    expect(gitlabDiffPatch(entry({ b_mode: "100755" }))).toMatchObject({ kind: "patch", patch: { status: "modified", patch: "" } });
    expect(gitlabDiffPatch(entry({ deleted_file: true }))).toMatchObject({ kind: "patch", patch: { status: "deleted" } });
  });
});

describe("changedBetweenVersions", () => {
  const v = (path: string, diff: string, over: Partial<GitLabDiff> = {}) => entry({ old_path: path, new_path: path, diff, ...over });

  it("names the files whose change differs, not those only moved by a rebase", () => {
    const earlier = [v("same.ts", "@@ -3,2 +3,3 @@\n a\n+b\n c\n"), v("edited.ts", "@@ -1 +1 @@\n-x\n+y\n"), v("dropped.ts", "@@ -1 +1 @@\n-p\n+q\n")];
    const later = [
      v("same.ts", "@@ -10,2 +10,3 @@\n a\n+b\n c\n"),
      v("edited.ts", "@@ -1 +1 @@\n-x\n+z\n"),
      v("new.ts", "@@ -0,0 +1 @@\n+n\n", { new_file: true }),
      v("renamed.ts", "", { old_path: "was.ts", renamed_file: true }),
    ];
    expect([...changedBetweenVersions(earlier, later)].sort()).toEqual(["dropped.ts", "edited.ts", "new.ts", "renamed.ts", "was.ts"]);
  });
});
