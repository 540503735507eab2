import type { ReviewFlowResult } from "../../review-flow.js";

/** What the server logs of a published review, the same for every forge. */
export function publishedLogFields({ review, published }: Pick<ReviewFlowResult, "review" | "published">): Record<string, unknown> {
  return {
    verdict: published.verdict,
    inline: published.inline,
    movedToSummary: published.movedToSummary,
    failedParts: review.failedChunks.length,
    calls: review.usage.calls,
    promptTokens: review.usage.promptTokens,
    completionTokens: review.usage.completionTokens,
    costUsd: review.usage.costUsd,
    writeCalls: published.writeCalls,
  };
}
