import type { FilePatch } from "../../core/patches-to-diff.js";
import { binaryExtension } from "../../core/select/binary-extension.js";
import type { SkippedFile } from "../../core/select/skipped-file.js";
import { githubFileStatus } from "./github-file-status.js";

/** The fields of a `pulls.listFiles` entry this reads. */
export interface GitHubPullFile {
  filename: string;
  previous_filename?: string;
  status: string;
  changes: number;
  patch?: string;
  /** The blob's SHA at the head: tells an empty file from a binary one. */
  sha?: string | null;
}

/** The SHA git gives the empty blob. */
const EMPTY_BLOB_SHA = "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391";

export type PullFileOutcome = { kind: "patch"; patch: FilePatch } | { kind: "skipped"; skipped: SkippedFile };

/**
 * One file of a pull request: its patch for the diff, or the reason it cannot be reviewed.
 * GitHub leaves `patch` out for a binary file and for a diff too large to show, and also
 * when there are no lines to show (a pure rename, a mode change, an empty or deleted file):
 * those last have nothing to review and go into the diff with no hunks, so the select stage
 * reports them as it does for git. A binary file goes in as git's "Binary files ... differ"
 * line, so the select stage judges it as it does git's: a binary extension or the base's
 * `.gitattributes` make it plainly binary, while a source file that turned binary is code
 * the model never saw, and no approval.
 */
export function pullFilePatch(file: GitHubPullFile): PullFileOutcome {
  const status = githubFileStatus(file.status);
  const patch: FilePatch = { path: file.filename, oldPath: file.previous_filename ?? file.filename, status, patch: file.patch ?? "" };
  if (file.patch !== undefined || status === "deleted") return { kind: "patch", patch };
  const binary: PullFileOutcome = { kind: "patch", patch: { ...patch, patch: `Binary files a/${patch.oldPath} and b/${patch.path} differ\n` } };
  if (binaryExtension(file.filename.slice(file.filename.lastIndexOf("/") + 1))) return binary;
  if (file.changes === 0) {
    // A pure rename, a copy, a mode change ("changed"): nothing to show, nothing hidden.
    if (file.status !== "added" && file.status !== "modified") return { kind: "patch", patch };
    // GitHub counts no changed lines for a binary file and for an empty one alike; the
    // blob's SHA tells them apart.
    if (file.status === "added" && file.sha === EMPTY_BLOB_SHA) return { kind: "patch", patch };
    return binary;
  }
  // Only a file's size keeps its lines out, and the change decides the size: the file's
  // code is unseen, so the verdict must not approve.
  return skipped(file.filename, "too-large", "GitHub gives no diff for this file (too large)", true);
}

function skipped(path: string, reason: SkippedFile["reason"], detail: string, changeControlled = false): PullFileOutcome {
  return { kind: "skipped", skipped: { path, reason, detail, ...(changeControlled ? { changeControlled } : {}) } };
}
