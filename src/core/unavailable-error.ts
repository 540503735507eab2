/**
 * A service the review depends on failed on its side (a forge answering 5xx after the
 * retries, rate limiting past them, unreachable): nothing for the user to fix but to run
 * again. Entries print its message as one line and report the review incomplete. Like
 * UserError it lives in core, so that entries classify by it and import no forge's class.
 */
export class UnavailableError extends Error {
  override name = "UnavailableError";
}
