import type { FilePatch } from "../../core/patches-to-diff.js";
import { binaryExtension } from "../../core/select/binary-extension.js";
import type { SkippedFile } from "../../core/select/skipped-file.js";
import { gitlabFileStatus, type GitLabFileFlags } from "./gitlab-file-status.js";

/** The fields of a `/merge_requests/:iid/diffs` entry this reads. */
export interface GitLabDiff extends GitLabFileFlags {
  old_path: string;
  new_path: string;
  a_mode?: string | null;
  b_mode?: string | null;
  /** The file's hunks without headers, from the first `@@` on; empty when GitLab shows none. */
  diff: string;
  /** Over GitLab's hard limit for one file: the diff is never shown. */
  too_large?: boolean | null;
  /** Over GitLab's soft limit: the diff is left out of the answer unless asked for one file. */
  collapsed?: boolean | null;
}

export type GitLabDiffOutcome = { kind: "patch"; patch: FilePatch } | { kind: "skipped"; skipped: SkippedFile };

/**
 * One file of a merge request: its patch for the diff, or the reason it cannot be reviewed.
 * GitLab leaves the diff out of a file too large to show (`too_large`) or past its size
 * limits (`collapsed`): its size is the change's doing, so the code counts as unseen and the
 * verdict never approves. A binary file comes as "Binary files ... differ": that line goes
 * into the diff, so the select stage judges it as it does git's (a binary extension or the
 * base's `.gitattributes` make it plainly binary; a source file that turned binary is code
 * the model never saw, and no approval). A pure rename, a mode change, a deleted or an
 * empty new file has no lines and nothing hidden: it goes into the diff with no hunks. A
 * modified file with no diff and none of those reasons hides its content: unseen.
 */
export function gitlabDiffPatch(file: GitLabDiff): GitLabDiffOutcome {
  const status = gitlabFileStatus(file);
  const path = file.new_path;
  const patch: FilePatch = { path, oldPath: file.old_path, status, patch: file.diff };
  if (file.too_large) return skipped(path, "too-large", "GitLab gives no diff for this file (too large)", true);
  if (file.diff !== "") return { kind: "patch", patch };
  if (file.collapsed) return skipped(path, "too-large", "GitLab collapsed this file's diff (over its size limit)", true);
  const modeOnly = file.a_mode != null && file.b_mode != null && file.a_mode !== file.b_mode;
  if (status !== "modified" || modeOnly) return { kind: "patch", patch };
  const ext = binaryExtension(path.slice(path.lastIndexOf("/") + 1));
  if (ext) return skipped(path, "binary", `GitLab gives no diff for this file (binary .${ext} file)`);
  return skipped(path, "binary", "GitLab gives no diff for this modified file: its content was not seen", true);
}

function skipped(path: string, reason: SkippedFile["reason"], detail: string, changeControlled = false): GitLabDiffOutcome {
  return { kind: "skipped", skipped: { path, reason, detail, ...(changeControlled ? { changeControlled } : {}) } };
}
