import type { Review } from "../../src/core/review-result.js";

/**
 * A review as the engine hands it to a publisher: nothing found, one model call, every
 * list empty; tests and benches set the fields they are about.
 */
export function reviewWith(fields: Partial<Review> = {}): Review {
  return {
    verdict: "comment",
    overview: "",
    summary: "## AI review\n",
    comments: [],
    summaryOnly: [],
    outsideDiff: [],
    skipped: [],
    failedChunks: [],
    invalidComments: [],
    redactions: 0,
    duplicates: { merged: 0, alreadyPosted: 0 },
    alreadyPostedFingerprints: [],
    stillOpen: [],
    usage: { calls: 1, failedCalls: 0, requests: 1, retries: 0, promptTokens: 0, completionTokens: 0, callsWithoutUsage: 0, timeMs: 0, costUsd: null, models: [] },
    parts: [],
    summaryPass: { model: null, outcome: "nothing-to-summarize" },
    budget: null,
    base: null,
    head: null,
    ...fields,
  };
}
