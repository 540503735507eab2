/**
 * The CLI's publisher: prints the review to a stream (standard output) as text, markdown
 * or JSON. It keeps nothing between runs, so every run is a first, whole review.
 */
import type { Writable } from "node:stream";
import { formatReviewMarkdown } from "../../core/render-review-markdown.js";
import { ANSI_PAINT, formatReviewText, NO_PAINT } from "../../core/render-review-text.js";
import type { Review } from "../../core/review-result.js";
import type { PreviousReview, PublishResult, ReviewPublisher } from "../review-publisher.js";

export type ReviewFormat = "text" | "markdown" | "json";

export class StdoutPublisher implements ReviewPublisher {
  constructor(
    private readonly options: {
      stream: Writable;
      format: ReviewFormat;
      /** ANSI colors in the text format (a terminal without NO_COLOR). */
      color: boolean;
    },
  ) {}

  async previous(): Promise<PreviousReview> {
    return { state: null, fingerprints: new Set(), findings: [] };
  }

  async publish(review: Review): Promise<PublishResult> {
    const { stream, format, color } = this.options;
    if (format === "json") stream.write(`${JSON.stringify(review, null, 2)}\n`);
    else if (format === "markdown") stream.write(formatReviewMarkdown(review));
    else stream.write(formatReviewText(review, color ? ANSI_PAINT : NO_PAINT));
    return { inline: review.comments.length, movedToSummary: 0, verdict: review.verdict, writeCalls: 1, summaryUrl: null };
  }
}
