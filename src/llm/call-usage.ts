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
}

/** Everything a client has spent, successful and failed calls alike. */
export interface UsageTotals {
  calls: number;
  failedCalls: number;
  requests: number;
  retries: number;
  repairs: number;
  /** Tokens the gateway reported; calls without usage add nothing here and count below. */
  promptTokens: number;
  completionTokens: number;
  callsWithoutUsage: number;
  /** Elapsed time while at least one call was running: concurrent calls are not double-counted. */
  wallMs: number;
}
