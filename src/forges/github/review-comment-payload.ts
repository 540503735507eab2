import { findingMarker } from "../../core/review-marker.js";
import type { ReviewComment } from "../../core/review-result.js";
import { bodyLength, fitGitHubBody, GITHUB_BODY_LIMIT } from "./fit-github-body.js";
import { findingText } from "../finding-text.js";
import { suggestionBlock } from "../suggestion-block.js";

/** One entry of `comments` in `pulls.createReview`, as GitHub names the fields. */
export interface ReviewCommentPayload {
  path: string;
  body: string;
  line: number;
  side: "LEFT" | "RIGHT";
  start_line?: number;
  start_side?: "LEFT" | "RIGHT";
}

/**
 * An anchored comment as GitHub takes it: the fingerprint marker on the first line (read
 * back by the next run), then the model's words made unable to touch a marker or to
 * mention anyone, then the suggestion (code, left as written). A range sits on one side
 * (the anchor stage keeps it inside one hunk).
 */
export function reviewCommentPayload(comment: ReviewComment): ReviewCommentPayload {
  const range = comment.startLine !== undefined && comment.startLine !== comment.line;
  return {
    path: comment.path,
    body: commentBody(comment),
    line: comment.line,
    side: comment.side,
    ...(range ? { start_line: comment.startLine, start_side: comment.side } : {}),
  };
}

function commentBody(comment: ReviewComment): string {
  const head = `${findingMarker(comment.fingerprint, comment.logId)}\n`;
  const text = findingText(comment);
  if (comment.suggestion === undefined || comment.side !== "RIGHT") return head + fitGitHubBody(text, GITHUB_BODY_LIMIT - bodyLength(head));
  const full = `${head}${text}\n\n${suggestionBlock(comment.suggestion)}`;
  if (bodyLength(full) <= GITHUB_BODY_LIMIT) return full;
  // A cut suggestion would replace the lines with half the code: leave it out instead.
  return head + fitGitHubBody(`${text}\n\n_(the suggested replacement was too long to post)_`, GITHUB_BODY_LIMIT - bodyLength(head));
}
