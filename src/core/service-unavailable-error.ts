/**
 * A service the review depends on (GitHub, GitLab) failed on its side: 5xx after the
 * retries, unreachable, rate limited past the allowed waits, or a refusal that is no fault
 * of the user's setup. Nothing for the user to fix but to run again, unlike a `UserError`.
 * Each forge's own error extends this one class, so that the entries classify by it without
 * importing a forge: one line, and the run ends as incomplete (exit 3, a failed step).
 */
export class ServiceUnavailableError extends Error {
  override name = "ServiceUnavailableError";
}
