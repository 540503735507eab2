export interface BackoffOptions {
  baseMs: number;
  capMs: number;
  /** Uniform in [0, 1); injectable so tests can pin the jitter. */
  random: () => number;
}

/**
 * Exponential backoff with full jitter (a uniform draw in [0, min(cap, base * 2^retry))):
 * concurrent chunk requests that failed together must not retry in lockstep against a
 * gateway that is already struggling.
 */
export function backoffDelay(retry: number, { baseMs, capMs, random }: BackoffOptions): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** retry);
  return Math.floor(random() * ceiling);
}
