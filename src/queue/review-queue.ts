/**
 * The queue interface the serve entry talks to. One implementation runs jobs in this
 * process (`InProcessQueue`, the default); `BullQueue` keeps them in Redis for any number of
 * processes, with the same rules, which is why every method is asynchronous and jobs are
 * plain data.
 *
 * Rules every backend keeps: one job per change key; at most one review of a change runs
 * at a time; a newer event replaces a waiting job of the same change and runs after the
 * running one; a command for a change already waiting joins that job (`full` upgrades it);
 * a bounded number of reviews run at once across changes; a repeated delivery is ignored
 * for a TTL; a failed job is retried with backoff a bounded number of times, then reported, never
 * dropped silently.
 */
import type { EnqueueOutcome, QueueStats } from "./queue-book.js";
import type { QueueJob } from "./queue-job.js";

export type { EnqueueOutcome, QueueStats } from "./queue-book.js";

export interface ReviewQueue<J extends QueueJob> {
  /**
   * Records a webhook delivery id: true the first time, false for a repeat within the TTL
   * (the caller then ignores the delivery). Claimed before any side effect, so that a
   * redelivered comment gets neither a second reaction nor a second job.
   */
  claimDelivery(deliveryId: string): Promise<boolean>;
  /** Forgets a claimed delivery whose handling failed, so that GitHub's redelivery is handled. */
  releaseDelivery(deliveryId: string): Promise<void>;
  enqueue(job: J): Promise<EnqueueOutcome>;
  stats(): Promise<QueueStats>;
  /** Resolves when the queue's store answers (what `/readyz` checks); rejects with `QueueUnavailableError` otherwise. */
  ping(): Promise<void>;
  /** Resolves once nothing waits and nothing runs (tests, and a graceful stop). */
  drain(): Promise<void>;
  /**
   * Takes no more jobs, waits for the running ones, and returns the waiting ones that will
   * not run here (the caller logs them: a job is never dropped silently). A shared queue
   * keeps its waiting jobs for the other workers and returns none; it waits at most
   * `graceMs` for the running ones, then leaves them to be run again elsewhere.
   */
  close(graceMs?: number): Promise<J[]>;
}
