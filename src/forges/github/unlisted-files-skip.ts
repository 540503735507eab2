import type { SkippedFile } from "../../core/select/skipped-file.js";

/** GitHub lists at most this many files of a pull request, whatever the pagination. */
export const GITHUB_PULL_FILE_CAP = 3000;

/**
 * The files GitHub did not list (past its cap): they cannot be named, so one entry counts
 * them. The change decides how many files it has, so they count as unseen code and the
 * verdict never approves.
 */
export function unlistedFilesSkip(changedFiles: number, listed: number): SkippedFile | null {
  const missing = changedFiles - listed;
  if (missing <= 0) return null;
  return {
    path: `(${missing} more file${missing === 1 ? "" : "s"})`,
    reason: "too-large",
    detail: `GitHub lists at most ${GITHUB_PULL_FILE_CAP.toLocaleString("en-US")} files of a pull request; ${missing} more were not reviewed`,
    changeControlled: true,
  };
}
