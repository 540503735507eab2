import { neutralizeMentions } from "../core/neutralize-mentions.js";
import { neutralizeMarkers } from "../core/review-marker.js";
import type { ReviewComment } from "../core/review-result.js";

/**
 * What the model said about a finding, as markdown: severity, title, body (no marker, no
 * suggestion), made unable to touch a marker or to notify anyone. Inline comments and the summary's list of
 * findings that could not be posted inline both show it; earlier findings are read back
 * from its first line (`**major** Title`).
 */
export function findingText(comment: Pick<ReviewComment, "severity" | "title" | "body">): string {
  return neutralizeMentions(neutralizeMarkers(`**${comment.severity}**${comment.title ? ` ${comment.title}` : ""}\n\n${comment.body}`));
}
