/**
 * What the bot writes when a review failed for good (the queue retried it and gave up):
 * a warning in its summary comment, so the failure is seen where the reviews are, never
 * dropped silently. The summary's state marker is kept, so the next run still reviews
 * what changed since the last review that did succeed; on a change with no summary yet the
 * note carries a failure marker of its own, so a second failure edits it instead of adding one.
 */
import { neutralizeMentions } from "../core/neutralize-mentions.js";
import { neutralizeMarkers, summaryMarker, type ReviewState } from "../core/review-marker.js";

export const FAILURE_MARKER = "<!-- ai-review:failure -->";

export interface ReviewFailure {
  /** Runs made, the failed last one included. */
  attempts: number;
  /** What went wrong, for people (a UserError's message, or the error's). */
  message: string;
}

/** Long enough for a forge's or gateway's own explanation, short enough to stay a note. */
const MESSAGE_LIMIT = 600;

export function failureNoteBody(state: ReviewState | null, failure: ReviewFailure): string {
  const head = state ? summaryMarker(state) : FAILURE_MARKER;
  const oneLine = neutralizeMentions(neutralizeMarkers(failure.message)).replace(/\s+/g, " ").trim();
  const message = oneLine.length > MESSAGE_LIMIT ? `${oneLine.slice(0, MESSAGE_LIMIT - 1)}…` : oneLine;
  const tries = failure.attempts === 1 ? "1 attempt" : `${failure.attempts} attempts`;
  return [
    head,
    "> [!WARNING]",
    `> ai-review could not review the latest changes (${tries}): ${message}`,
    ">",
    "> Findings posted earlier stay. Push again or comment `/review` to try again.",
    "",
  ].join("\n");
}

export function isFailureNote(body: string): boolean {
  return body.startsWith(FAILURE_MARKER);
}
