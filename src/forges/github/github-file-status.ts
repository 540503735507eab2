import type { FileStatus } from "../../core/diff-model.js";

/** The statuses GitHub gives a file of a pull request or a comparison. */
export type GitHubFileStatus = "added" | "removed" | "modified" | "renamed" | "copied" | "changed" | "unchanged";

/**
 * GitHub's file status as the diff model's. "changed" is a mode change (its patch, if any,
 * is an ordinary modification) and "unchanged" lists a file with no content change: both
 * read as "modified", and the select stage finds there is nothing to review.
 */
export function githubFileStatus(status: string): FileStatus {
  switch (status) {
    case "added":
      return "added";
    case "removed":
      return "deleted";
    case "renamed":
      return "renamed";
    case "copied":
      return "copied";
    case "modified":
    case "changed":
    case "unchanged":
      return "modified";
    default:
      // GitHub adding a status is news the review should not hide by guessing.
      throw new Error(`GitHub gave an unknown file status ${JSON.stringify(status)}; ai-review needs an update to read it`);
  }
}
