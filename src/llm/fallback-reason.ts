import { ModelCallError } from "./model-call-error.js";

/**
 * Why a failed call may be tried again on the next model, or null when it must not be.
 * Another model helps when this one is down (5xx, after the client's own retries), hangs
 * (timeout), is not served here (404) or cannot hold the request (context length). It does
 * not help with a rejected key (401), a refused model (403) or a malformed request (other
 * 400s): the next model would fail the same way, and the error is the user's to fix. Nor
 * with a rate limit (429): that is the gateway's, shared by its models.
 */
export function fallbackReason(error: unknown): string | null {
  if (!(error instanceof ModelCallError)) return null;
  switch (error.reason) {
    case "not-found":
      return "404, model not found";
    case "context-length":
      return "context length exceeded";
    case "retries-exhausted":
    case "retry-after-too-long":
      if (error.status !== undefined && error.status >= 500) return `${error.status}`;
      return error.timedOut ? "timeout" : null;
    default:
      return null;
  }
}
