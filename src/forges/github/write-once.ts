/**
 * A write GitHub may have stored although the answer said otherwise. GitHub's front end
 * answers 502 or 504 when a slow write times out behind it, and the write often lands all
 * the same; a dropped connection leaves the outcome as unknown. plugin-retry resends every
 * 5xx, which for a POST that creates something (a review, a comment) posts it twice: every
 * inline comment doubled on the pull request.
 *
 * So a creating write is sent with `request: NO_RETRY`, and when its outcome is unknown,
 * `landed()` looks for it (by a marker or body only this write has) before it is sent
 * again (`writeOnceWith`). Reads, edits (PATCH) and reactions (GitHub answers the same reaction twice with
 * the first one) stay retried by the plugin.
 */
import { writeOnceWith } from "../write-once.js";
import { isRequestFailure } from "./github-message.js";

/** Per-request option that turns plugin-retry off for one call. */
export const NO_RETRY = { retries: 0 } as const;

export function writeOnce<T>(write: () => Promise<T>, landed: () => Promise<T | null>): Promise<T> {
  return writeOnceWith(outcomeUnknown, write, landed);
}

/** A 5xx: octokit reports a request that got no answer at all (reset, timeout) as a 500 too. */
function outcomeUnknown(error: unknown): boolean {
  return isRequestFailure(error) && error.status >= 500;
}
