/**
 * How long a gateway asked us to wait, in milliseconds, from `retry-after-ms` (OpenAI and
 * Azure send it; finer than seconds) or `Retry-After` (seconds or an HTTP date).
 * Returns undefined when there is no usable header, so the caller falls back to backoff.
 */
export function parseRetryAfter(headers: Headers | undefined, nowMs: number = Date.now()): number | undefined {
  const millis = headers?.get("retry-after-ms")?.trim();
  if (millis && /^\d+(\.\d+)?$/.test(millis)) return Number(millis);

  const value = headers?.get("retry-after")?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  // A date in the past means "now"; a clock skew must not turn into a negative sleep.
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}
