/**
 * Posting a batch that the forge refuses whole when any one item is bad (GitHub answers
 * 422 for a review if one comment is off the diff, and names no comment): try everything
 * at once, and only on a refusal split the batch in halves, again and again, until every
 * bad item stands alone. Good items are posted exactly once, with about 2·log2(n) calls per
 * bad item; with none, one call.
 *
 * A refusal is taken to be caused by the items alone (GitHub checks each comment on its own):
 * so when the first half of a refused batch goes through, the second half is known to hold
 * a bad item and is split without being tried whole, and a known-bad single is not tried.
 */
/** `posted`, or the forge's reason for refusing the batch. */
export type BatchOutcome = { posted: true } | { posted: false; reason: string };

export interface BisectionResult<T> {
  /** The batches posted, in order. */
  posted: T[][];
  /** Items refused on their own, each with the reason given for the smallest batch refused that held it. */
  rejected: Array<{ item: T; reason: string }>;
  /** Calls of `post` made. */
  calls: number;
}

export async function postByBisection<T>(
  items: readonly T[],
  post: (batch: readonly T[]) => Promise<BatchOutcome>,
): Promise<BisectionResult<T>> {
  const result: BisectionResult<T> = { posted: [], rejected: [], calls: 0 };

  /**
   * Returns true when every item of `batch` was posted. `knownBad` is the reason a batch
   * holding all of `batch` and nothing that is still unposted was refused for.
   */
  const attempt = async (batch: readonly T[], knownBad: string | null): Promise<boolean> => {
    if (batch.length === 0) return true;
    let reason = knownBad;
    if (reason === null) {
      result.calls++;
      const outcome = await post(batch);
      if (outcome.posted) {
        result.posted.push([...batch]);
        return true;
      }
      reason = outcome.reason;
    }
    if (batch.length === 1) {
      result.rejected.push({ item: batch[0]!, reason });
      return false;
    }
    const middle = Math.ceil(batch.length / 2);
    const firstPosted = await attempt(batch.slice(0, middle), null);
    await attempt(batch.slice(middle), firstPosted ? reason : null);
    return false;
  };

  await attempt(items, null);
  return result;
}
