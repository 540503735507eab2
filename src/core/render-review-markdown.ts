import type { Review } from "./review-result.js";
import { byPlace, place } from "./render-review-text.js";

/** The review as one markdown document: the summary, then every comment with its place. */
export function formatReviewMarkdown(review: Review): string {
  const comments = [...review.comments, ...review.summaryOnly].sort(byPlace);
  if (comments.length === 0) return review.summary;
  const details = comments.map((c) => {
    const suggestion = c.suggestion !== undefined ? `\n\n\`\`\`suggestion\n${c.suggestion}\n\`\`\`` : "";
    return `#### \`${place(c)}\` (${c.severity})${c.title ? ` ${c.title}` : ""}\n\n${c.body}${suggestion}`;
  });
  return `${review.summary}\n### Comments\n\n${details.join("\n\n")}\n`;
}
