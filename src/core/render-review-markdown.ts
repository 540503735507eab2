import type { Review } from "./review-result.js";
import { byPlace, movedNote, place } from "./render-review-text.js";

/** The review as one markdown document: the summary, then every comment with its place. */
export function formatReviewMarkdown(review: Review): string {
  const comments = [...review.comments, ...review.summaryOnly].sort(byPlace);
  if (comments.length === 0) return review.summary;
  const details = comments.map((c) => {
    const suggestion = c.suggestion !== undefined ? `\n\n\`\`\`suggestion\n${c.suggestion}\n\`\`\`` : "";
    const moved = movedNote(c);
    const note = moved ? `_${moved[0]!.toUpperCase()}${moved.slice(1)}._\n\n` : "";
    return `#### \`${place(c)}\` (${c.severity})${c.title ? ` ${c.title}` : ""}\n\n${note}${c.body}${suggestion}`;
  });
  return `${review.summary}\n### Comments\n\n${details.join("\n\n")}\n`;
}
