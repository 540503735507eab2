/**
 * A write GitLab may have stored although the answer said otherwise: a proxy in front of
 * GitLab answers 502 or 504 when a slow write times out behind it, and the note often lands
 * all the same; a dropped connection leaves the outcome unknown too. Sending it again would
 * post the discussion twice. So when the outcome is unknown, `landed()` looks for the write
 * (by the marker on its first line, which only this write has) and only when it is not
 * there is the write sent again, at most three sends in all.
 */
import { gitlabStatus } from "./gitlab-failure.js";

const ATTEMPTS = 3;

export async function writeOnce<T>(write: () => Promise<T>, landed: () => Promise<T | null>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (!outcomeUnknown(error) || attempt >= ATTEMPTS) throw error;
      const found = await landed();
      if (found !== null) return found;
    }
  }
}

/** A 5xx, or no answer at all. */
function outcomeUnknown(error: unknown): boolean {
  const status = gitlabStatus(error);
  return status === null || status >= 500;
}
