/**
 * A write the forge may have stored although its answer said otherwise: a front end answers
 * 502 or 504 when a slow write times out behind it, and the write often lands all the same;
 * a dropped connection leaves the outcome unknown too. Sending it again blindly would post
 * it twice. So when `outcomeUnknown(error)`, `landed()` looks for the write (by a marker or
 * body only this write has) and only when it is not there is the write sent again, at most
 * three sends in all. Each forge says which failures leave the outcome unknown.
 */

/** Sends of one write at most, the landed checks in between (plugin-retry's default is 1 + 3). */
const ATTEMPTS = 3;

export async function writeOnceWith<T>(outcomeUnknown: (error: unknown) => boolean, write: () => Promise<T>, landed: () => Promise<T | null>): Promise<T> {
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
