/**
 * Sends the parts of a review to the model. Without a budget, all at once (the client's
 * limiter keeps `concurrency` in flight). With one, in plan order (most important first),
 * at most `concurrency` at a time, each only when the most it can spend fits what is left
 * (see ReviewBudget); a part that does not fit waits for the parts in flight to settle
 * their real spend, and when it still does not fit, it and every part after it are not sent.
 */
import type { ReviewBudget, Spend } from "./core/review-budget.js";

export interface PartBudget<P, R> {
  ledger: ReviewBudget;
  /** The most sending this part can spend. */
  ceiling(part: P): Spend;
  /** What the call really spent, null where unknown. */
  spentBy(result: R): { tokens: number | null; usd: number | null };
}

/** Each part's result, in the parts' order; "over-budget" for a part that was not sent. */
export async function sendParts<P, R>(
  parts: readonly P[],
  ask: (part: P) => Promise<R>,
  options: { concurrency: number; budget: PartBudget<P, R> | null },
): Promise<Array<R | "over-budget">> {
  const { budget } = options;
  if (!budget) return await Promise.all(parts.map(ask));
  const results: Array<R | "over-budget"> = parts.map(() => "over-budget");
  const running = new Set<Promise<void>>();
  let next = 0;
  while (next < parts.length) {
    const reservation = running.size < options.concurrency ? budget.ledger.reserve(budget.ceiling(parts[next]!)) : null;
    if (reservation) {
      const at = next++;
      const sent: Promise<void> = ask(parts[at]!).then((result) => {
        results[at] = result;
        budget.ledger.settle(reservation, budget.spentBy(result));
        running.delete(sent);
      });
      running.add(sent);
    } else if (running.size > 0) {
      // A slot, or room in the budget, comes back when a part in flight settles.
      await Promise.race(running);
    } else {
      break;
    }
  }
  await Promise.all(running);
  return results;
}
