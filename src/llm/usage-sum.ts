import { costUsd, type Price } from "../core/estimate-cost.js";
import type { ReviewUsage } from "../core/review-result.js";
import type { CallUsage } from "./call-usage.js";

/**
 * The usage of one review: the sum of its own calls (chunks, repairs, the summary pass),
 * failed calls included. A review never reads its client's totals: a client shared by a
 * long-running server would count every review it ever ran.
 */
export class UsageSum {
  calls = 0;
  failedCalls = 0;
  requests = 0;
  retries = 0;
  /** Tokens the gateway reported; calls without usage add nothing here and count below. */
  promptTokens = 0;
  completionTokens = 0;
  callsWithoutUsage = 0;

  /** `usage` is undefined when a failed call's error carried none (it spent nothing we know of). */
  add(usage: CallUsage | undefined, failed: boolean): void {
    this.calls++;
    if (failed) this.failedCalls++;
    if (!usage) {
      this.callsWithoutUsage++;
      return;
    }
    this.requests += usage.requests;
    this.retries += usage.retries;
    if (usage.promptTokens === null || usage.completionTokens === null) this.callsWithoutUsage++;
    this.promptTokens += usage.promptTokens ?? 0;
    this.completionTokens += usage.completionTokens ?? 0;
  }

  toReviewUsage(timeMs: number, price: Price | undefined): ReviewUsage {
    return {
      calls: this.calls,
      failedCalls: this.failedCalls,
      requests: this.requests,
      retries: this.retries,
      promptTokens: this.promptTokens,
      completionTokens: this.completionTokens,
      callsWithoutUsage: this.callsWithoutUsage,
      timeMs: Math.round(timeMs),
      costUsd: price ? costUsd({ prompt: this.promptTokens, completion: this.completionTokens }, price) : null,
    };
  }
}
