import type { CallUsage } from "./call-usage.js";

/** Counts one askJson call as it goes, so a failed call can still report what it spent. */
export class CallTally {
  requests = 0;
  retries = 0;
  repaired = false;
  promptTokens: number | null = 0;
  completionTokens: number | null = 0;
  /** The gateway's log id of the answer the call kept, when the gateway gives one. */
  logId: string | undefined;

  /** Adds one answer's tokens; one answer without usage makes the call's sum unknown (null). */
  add(answer: { promptTokens: number | null; completionTokens: number | null }): void {
    this.promptTokens = sumOrNull(this.promptTokens, answer.promptTokens);
    this.completionTokens = sumOrNull(this.completionTokens, answer.completionTokens);
  }

  /** `model`: the one this call went to, so a review can price each model's tokens. */
  usage(wallMs: number, model: string): CallUsage {
    return {
      promptTokens: this.promptTokens,
      completionTokens: this.completionTokens,
      wallMs,
      requests: this.requests,
      retries: this.retries,
      repaired: this.repaired,
      byModel: [{ model, calls: 1, promptTokens: this.promptTokens, completionTokens: this.completionTokens }],
    };
  }
}

/** A sum of token counts: unknown (null) when either is. */
export function sumOrNull(a: number | null, b: number | null): number | null {
  return a === null || b === null ? null : a + b;
}
