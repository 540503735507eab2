/**
 * Holds every request the loopback model server receives until the test releases it, so
 * tests about concurrency and waiting step through events instead of sleeping.
 *
 *   const held = new HeldReplies();
 *   const server = await startModelServer(held.handler);
 *   await held.arrived(2);          // two requests are waiting for an answer
 *   held.release(reply.json(...));  // answers the oldest
 */
import type { RecordedRequest, Reply, ReplyHandler } from "./model-server.js";

export class HeldReplies {
  readonly #held: Array<{ request: RecordedRequest; answer: (reply: Reply) => void }> = [];
  readonly #waiters: Array<{ count: number; resolve: () => void }> = [];
  #arrivals = 0;

  readonly handler: ReplyHandler = (request) =>
    new Promise<Reply>((answer) => {
      this.#held.push({ request, answer });
      this.#arrivals++;
      for (const waiter of this.#waiters.filter((w) => this.#arrivals >= w.count)) {
        this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    });

  /** Requests held now, oldest first. */
  get held(): readonly RecordedRequest[] {
    return this.#held.map((h) => h.request);
  }

  /** Resolves once `count` requests have arrived in all (released ones included). */
  arrived(count: number): Promise<void> {
    if (this.#arrivals >= count) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ count, resolve }));
  }

  /** Answers the oldest held request. */
  release(reply: Reply): void {
    const oldest = this.#held.shift();
    if (!oldest) throw new Error("no request is held");
    oldest.answer(reply);
  }
}
