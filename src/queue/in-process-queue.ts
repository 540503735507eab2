/**
 * The default review queue: jobs run in this process, at most `concurrency` at once, by the
 * `run` function given. Nothing to install or run beside it, which suits one server for a
 * team; the rules live in `QueueBook` and `DeliveryLedger`, this class only starts jobs and
 * reports how they end.
 */
import { DeliveryLedger } from "./delivery-ledger.js";
import { type EnqueueOutcome, QueueBook, type QueueStats } from "./queue-book.js";
import type { QueueJob } from "./queue-job.js";
import { type RetryPolicy, retryDelayMs } from "./retry-policy.js";
import type { ReviewQueue } from "./review-queue.js";

/** A day: GitHub redelivers failed deliveries within hours, and manual redeliveries are rare after that. */
export const DEFAULT_DELIVERY_TTL_MS = 24 * 60 * 60 * 1000;

export interface InProcessQueueOptions<J extends QueueJob> {
  /** Runs one job; a rejection is retried by `retry`, then handed to `onFailure`. */
  run: (job: J) => Promise<void>;
  /** Reviews running at once across changes. */
  concurrency: number;
  /** Told of every job that failed its last attempt, with the error; awaited before the change's next job. It must not throw. */
  onFailure: (job: J, error: unknown) => unknown;
  /** Told of a failed attempt that will be retried after `delayMs`. */
  onRetry?: (job: J, error: unknown, delayMs: number) => void;
  /** Default: one attempt, no retry. */
  retry?: RetryPolicy;
  /** The wait between attempts; tests pass one that returns at once. */
  sleep?: (ms: number) => Promise<void>;
  /** Milliseconds, for the delivery TTL. Default: `Date.now`. */
  now?: () => number;
  deliveryTtlMs?: number;
}

export class InProcessQueue<J extends QueueJob> implements ReviewQueue<J> {
  private readonly book: QueueBook<J>;
  private readonly deliveries: DeliveryLedger;
  private readonly now: () => number;
  private readonly active = new Set<Promise<void>>();
  private idleWaiters: Array<() => void> = [];
  private closed = false;

  constructor(private readonly options: InProcessQueueOptions<J>) {
    this.book = new QueueBook(options.concurrency);
    this.deliveries = new DeliveryLedger(options.deliveryTtlMs ?? DEFAULT_DELIVERY_TTL_MS);
    this.now = options.now ?? Date.now;
  }

  async claimDelivery(deliveryId: string): Promise<boolean> {
    return this.deliveries.claim(deliveryId, this.now());
  }

  async releaseDelivery(deliveryId: string): Promise<void> {
    this.deliveries.release(deliveryId);
  }

  async enqueue(job: J): Promise<EnqueueOutcome> {
    if (this.closed) return "closed";
    const outcome = this.book.add(job);
    this.startWhatMay();
    return outcome;
  }

  async ping(): Promise<void> {}

  async stats(): Promise<QueueStats> {
    return this.book.stats();
  }

  drain(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Without `graceMs`, waits for the running jobs however long they take. */
  async close(graceMs?: number): Promise<J[]> {
    this.closed = true;
    const dropped = this.book.takeWaiting();
    if (graceMs === undefined) {
      await Promise.all(this.active);
      return dropped;
    }
    // Bounded: a review hung on its model must not keep a stopping server up until it is killed.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.allSettled(this.active), new Promise((resolve) => (timer = setTimeout(resolve, graceMs)))]);
    clearTimeout(timer);
    return dropped;
  }

  private startWhatMay(): void {
    for (const job of this.book.startable()) {
      const running = this.runOne(job);
      this.active.add(running);
      void running.finally(() => {
        this.active.delete(running);
        this.book.finish(job.key);
        if (!this.closed) this.startWhatMay();
        if (this.isIdle()) this.wakeIdleWaiters();
      });
    }
  }

  private async runOne(job: J): Promise<void> {
    // Let the caller of enqueue (a webhook answer) finish first: the job starts after pending I/O callbacks.
    await new Promise<void>((resolve) => setImmediate(resolve));
    const attempts = this.options.retry?.attempts ?? 1;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.options.run(job);
        return;
      } catch (error) {
        // A newer job of the change waits: it is the retry (the same review, of a newer head).
        if (attempt < attempts && this.book.supersede(job)) return;
        if (attempt >= attempts || this.closed) {
          await this.options.onFailure(job, error);
          return;
        }
        const delay = retryDelayMs(this.options.retry!, attempt);
        this.options.onRetry?.(job, error, delay);
        await (this.options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))))(delay);
      }
    }
  }

  private isIdle(): boolean {
    const { waiting, running } = this.book.stats();
    return running === 0 && (waiting === 0 || this.closed);
  }

  private wakeIdleWaiters(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const wake of waiters) wake();
  }
}
