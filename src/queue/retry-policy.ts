/**
 * How a failed review is tried again, the same in every backend: up to `attempts` runs in
 * all, the n-th retry after `backoffMs * 2^(n-1)` (BullMQ's "exponential" backoff), then
 * the failure is reported (in the change's summary comment) instead of retried again.
 */
export interface RetryPolicy {
  /** Runs in all, the first included; 1 means no retry. */
  attempts: number;
  backoffMs: number;
}

/** Three runs, 30 s then 60 s apart: long enough for a gateway's or forge's short outage. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { attempts: 3, backoffMs: 30_000 };

/** The wait before run `attempt + 1`, after run `attempt` (1-based) failed. */
export function retryDelayMs(policy: RetryPolicy, attempt: number): number {
  return policy.backoffMs * 2 ** (attempt - 1);
}
