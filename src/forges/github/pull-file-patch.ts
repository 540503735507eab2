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
}

export type PullFileOutcome = { kind: "patch"; patch: FilePatch } | { kind: "skipped"; skipped: SkippedFile };

/**
 * One file of a pull request: its patch for the diff, or the reason it cannot be reviewed.
 * GitHub leaves `patch` out for a binary file and for a diff too large to show, and also
 * when there are no lines to show (a pure rename, a mode change, an empty or deleted file):
 * those last have nothing to review and go into the diff with no hunks, so the select stage
 * reports them as it does for git.
 */
export function pullFilePatch(file: GitHubPullFile): PullFileOutcome {
  const status = githubFileStatus(file.status);
  const patch: FilePatch = { path: file.filename, oldPath: file.previous_filename ?? file.filename, status, patch: file.patch ?? "" };
  if (file.patch !== undefined || status === "deleted") return { kind: "patch", patch };
  const ext = binaryExtension(file.filename.slice(file.filename.lastIndexOf("/") + 1));
  if (ext) return skipped(file.filename, "binary", `GitHub gives no diff for this file (binary .${ext} file)`);
  if (file.changes === 0) {
    // A pure rename, a copy, a mode change ("changed"): nothing to show, nothing hidden.
    if (file.status !== "added" && file.status !== "modified") return { kind: "patch", patch };
    // GitHub counts no changed lines for a binary file and for an empty one alike; neither
    // has text to review, and neither hides code from the model.
    return skipped(file.filename, "binary", "GitHub gives no diff for this file (binary or empty)");
  }
  // Only a file's size keeps its lines out, and the change decides the size: the file's
  // code is unseen, so the verdict must not approve.
  return skipped(file.filename, "too-large", "GitHub gives no diff for this file (too large)", true);
}

function skipped(path: string, reason: SkippedFile["reason"], detail: string, changeControlled = false): PullFileOutcome {
  return { kind: "skipped", skipped: { path, reason, detail, ...(changeControlled ? { changeControlled } : {}) } };
}
