import type { GitLabDiff } from "./gitlab-diff-patch.js";

/**
 * The paths whose change differs between two versions of a merge request (GitLab keeps one
 * per push, force-pushes included): what an incremental review must look at when the head it
 * reviewed is gone from the history, so no comparison can start from it. A file counts as
 * unchanged when both versions show it with the same status, the same old path and the same
 * hunks; hunk headers are compared without their line numbers, so a rebase that only moved
 * the same change does not send it to the model again. Both paths of a rename are listed.
 */
export function changedBetweenVersions(earlier: readonly GitLabDiff[], later: readonly GitLabDiff[]): Set<string> {
  const before = new Map(earlier.map((file) => [file.new_path, signature(file)]));
  const changed = new Set<string>();
  const add = (file: GitLabDiff) => {
    changed.add(file.new_path);
    changed.add(file.old_path);
  };
  for (const file of later) {
    if (before.get(file.new_path) !== signature(file)) add(file);
    before.delete(file.new_path);
  }
  // In the earlier version only: the change to it was dropped, which is news too.
  for (const file of earlier) if (before.has(file.new_path)) add(file);
  return changed;
}

function signature(file: GitLabDiff): string {
  const flags = `${file.new_file}${file.deleted_file}${file.renamed_file}${file.old_path}\u0000${file.b_mode ?? ""}`;
  const hunks = file.diff.replace(/^@@ -\d+(?:,\d+)? \+\d+(?:,\d+)? @@/gm, "@@ @@");
  return `${flags}\u0000${file.too_large ? "too-large" : ""}\u0000${hunks}`;
}
