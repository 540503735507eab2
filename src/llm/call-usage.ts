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
