/** What one `askJson` call cost. */
export interface CallUsage {
  /**
   * Summed over every answer the call received (first answer and repair). null when the
   * gateway left `usage` out of any of them (some local servers do): a partial sum would
   * look like a real figure and understate the cost.
   */
  promptTokens: number | null;
  completionTokens: number | null;
  /** Wall clock from the call to its end, including waits for a concurrency slot and retries. */
  wallMs: number;
  /** HTTP requests sent: the first, every retry, and the repair request. */
  requests: number;
  retries: number;
  repaired: boolean;
  /**
   * Which model the tokens were spent on, one entry per model tried (a router that falls
   * back tries several); the entries' sums are the totals above. Absent: the model that
   * answered is not known (a model that does not say), and the review's main model is assumed.
   */
  byModel?: ModelTokens[];
}

/** Tokens spent on one model within a call; null as above when a gateway did not report them. */
export interface ModelTokens {
  model: string;
  /** Calls made to this model (each with its retries and repair request). */
  calls: number;
  promptTokens: number | null;
  completionTokens: number | null;
}
