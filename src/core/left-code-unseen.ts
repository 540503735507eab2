/**
 * Whether a review left code of the change unseen by the model: a part that failed, files
 * a budget kept from it (the review's, or the token budget), a line too long for a request,
 * or a skip the change itself controls. Such a review is no point to review on from: a
 * next run that looked only at what came after it would never see those files again, and
 * with nothing found in the new commits it could approve them unseen. So its state says
 * `partial`, and the next run reviews the whole change (findings already posted are not
 * posted again).
 */
const UNSEEN_REASONS = new Set(["over-budget", "review-budget", "line-too-long"]);

export function leftCodeUnseen(review: {
  failedChunks: ReadonlyArray<{ files: readonly string[] }>;
  skipped: ReadonlyArray<{ reason: string; changeControlled?: true }>;
}): boolean {
  // A failed summary pass (no files) leaves no code unseen.
  if (review.failedChunks.some((c) => c.files.length > 0)) return true;
  return review.skipped.some((s) => s.changeControlled === true || UNSEEN_REASONS.has(s.reason));
}
