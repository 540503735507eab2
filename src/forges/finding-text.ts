import { neutralizeModelText } from "../core/neutralize-model-text.js";
import type { ReviewComment } from "../core/review-result.js";

/**
 * What the model said about a finding, as markdown: severity, title, body (no marker, no
 * suggestion), made unable to touch a marker, notify anyone, run a quick action or hide text in HTML. Inline comments and the summary's list of
 * findings that could not be posted inline both show it; earlier findings are read back
 * from its first line (`**major** Title`).
 */
export function findingText(comment: Pick<ReviewComment, "severity" | "title" | "body">): string {
  return neutralizeModelText(`**${comment.severity}**${comment.title ? ` ${comment.title}` : ""}\n\n${comment.body}`);
}
