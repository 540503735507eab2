/**
 * Posting items one call each (GitLab has no batch: one discussion per inline comment), a
 * few at a time. An item the forge refuses on its own account (`refusal` gives the reason,
 * for GitLab a 400 on that position) is handed back so the caller can list it elsewhere, and
 * the rest go on: one bad position never costs the others. Any other failure (a token that
 * cannot write, a server down) stops new calls; the calls already out finish, and then the
 * first such failure is thrown. Each item is posted at most once: the write calls are the
 * items' number, never a retry of the whole batch.
 */
import pLimit from "p-limit";

export interface PostEachResult<T> {
  posted: T[];
  refused: Array<{ item: T; reason: string }>;
  /** Calls of `post` made. */
  writeCalls: number;
}

export interface PostEachOptions {
  /** Calls in flight at once. */
  concurrency: number;
  /** The reason an item was refused on its own, or null when the failure is not about the item. */
  refusal: (error: unknown) => string | null;
}

export async function postEach<T>(items: readonly T[], post: (item: T) => Promise<void>, options: PostEachOptions): Promise<PostEachResult<T>> {
  const limit = pLimit(options.concurrency);
  const result: PostEachResult<T> = { posted: [], refused: [], writeCalls: 0 };
  let stopped: { error: unknown } | null = null;
  await Promise.all(
    items.map((item) =>
      limit(async () => {
        if (stopped) return;
        result.writeCalls++;
        try {
          await post(item);
          result.posted.push(item);
        } catch (error) {
          const reason = options.refusal(error);
          if (reason === null) stopped ??= { error };
          else result.refused.push({ item, reason });
        }
      }),
    ),
  );
  if (stopped) throw (stopped as { error: unknown }).error;
  // Calls end in any order; the caller lists what was refused in the order it gave.
  const order = new Map(items.map((item, index) => [item, index]));
  const byOrder = (a: T, b: T) => order.get(a)! - order.get(b)!;
  result.posted.sort(byOrder);
  result.refused.sort((a, b) => byOrder(a.item, b.item));
  return result;
}
