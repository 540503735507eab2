import { findingMarker } from "../../core/review-marker.js";
import type { ReviewComment } from "../../core/review-result.js";
import { bodyLength, fitBody } from "../fit-body.js";
import { findingText } from "../finding-text.js";
import { suggestionBlock } from "../suggestion-block.js";

/** GitLab's limit for a note, in characters. */
export const GITLAB_NOTE_LIMIT = 1_000_000;

/**
 * The body of a finding's discussion: the fingerprint marker on the first line (read back by
 * the next run) and, behind a gateway that names its logs, the log id of the call that found
 * it on a second, as on GitHub; then the model's words made unable to touch a marker, then
 * the suggestion.
 * GitLab applies ```` ```suggestion:-N+0 ```` by replacing the commented line and the N lines
 * above it: N is the range's length less one, so the suggestion replaces exactly the lines
 * the comment names (the anchor stage keeps suggestions only on new-file lines).
 */
export function discussionBody(comment: ReviewComment, limit = GITLAB_NOTE_LIMIT): string {
  const head = `${findingMarker(comment.fingerprint, comment.logId)}\n`;
  const text = findingText(comment);
  if (comment.suggestion === undefined || comment.side !== "RIGHT") return head + fitBody(text, limit - bodyLength(head), "GitLab");
  const above = comment.startLine === undefined ? 0 : Math.max(0, comment.line - comment.startLine);
  const full = `${head}${text}\n\n${suggestionBlock(comment.suggestion, `suggestion:-${above}+0`)}`;
  if (bodyLength(full) <= limit) return full;
  // A cut suggestion would replace the lines with half the code: leave it out instead.
  return head + fitBody(`${text}\n\n_(the suggested replacement was too long to post)_`, limit - bodyLength(head), "GitLab");
}
