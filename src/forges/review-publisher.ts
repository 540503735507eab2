/**
 * The writing half of the forge seam: what the bot posted before on this change, and one
 * flush of a new review. Each forge has one (stdout for the CLI, a pull request review on
 * GitHub, discussions on GitLab).
 */
import type { EarlierFinding } from "../core/earlier-finding.js";
import type { Review } from "../core/review-result.js";
import type { Change } from "./change-source.js";
import type { ReviewState } from "../core/review-marker.js";
import type { Verdict } from "../core/verdict.js";

export interface PreviousReview {
  /** The state in the bot's own summary comment, or null on a first review. */
  state: ReviewState | null;
  /** Fingerprints of every finding the bot has posted on this change (summary and inline markers). */
  fingerprints: ReadonlySet<string>;
  /**
   * The bot's earlier inline comments as findings (place, severity, title, link), for the
   * summary's list of what is still open; empty where the forge keeps none.
   */
  findings: EarlierFinding[];
}

export interface PublishResult {
  /** Inline comments the forge accepted. */
  inline: number;
  /** Findings the forge refused inline, moved into the summary instead. */
  movedToSummary: number;
  /** The verdict as posted: an approval the forge refused falls back to a comment. */
  verdict: Verdict;
  /** Write calls made, for the bench: constant in the number of comments where the forge allows. */
  writeCalls: number;
  /** Where the summary is, when the forge gives it an address. */
  summaryUrl: string | null;
}

export interface ReviewPublisher {
  previous(): Promise<PreviousReview>;
  /**
   * Posts the review in one flush; `state` goes into the summary's marker. Never loses a
   * finding. `change` is what the review was made from: a forge that places a comment by
   * both of a line's numbers and its kind (GitLab) reads them from `change.diffText`.
   */
  publish(review: Review, state: ReviewState, change: Change): Promise<PublishResult>;
}
