/**
 * The bookkeeping of a review queue, without promises, timers or I/O: which jobs wait,
 * which run, and which may start now. The in-process queue drives it; its rules are tested
 * here on their own.
 *
 * Rules: one job of a change runs at a time; at most one job of a change waits (a newer one
 * is merged into it, see `mergeWaitingJob`); at most `concurrency` jobs run across changes;
 * waiting jobs start in the order their change first started waiting, so a change pushed
 * to again and again keeps its place instead of going to the back.
 */
import { mergeWaitingJob } from "./merge-waiting-job.js";
import type { QueueJob } from "./queue-job.js";

/**
 * `queued`: it waits (or runs at once); `replaced`: it took the place of the change's
 * waiting job; `joined`: the change's waiting job absorbs it; `closed`: the queue takes no
 * more jobs (shutting down).
 */
export type EnqueueOutcome = "queued" | "replaced" | "joined" | "closed";

export interface QueueStats {
  waiting: number;
  running: number;
}

export class QueueBook<J extends QueueJob> {
  // A Map keeps the first insertion's position when a key is set again: that is the queue order.
  private readonly waiting = new Map<string, J>();
  private readonly running = new Map<string, J>();

  constructor(private readonly concurrency: number) {
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`concurrency must be a whole number of at least 1, not ${concurrency}`);
  }

  add(job: J): Exclude<EnqueueOutcome, "closed"> {
    const waiting = this.waiting.get(job.key);
    if (!waiting) {
      this.waiting.set(job.key, job);
      return "queued";
    }
    const merged = mergeWaitingJob(waiting, job);
    this.waiting.set(job.key, merged.job);
    return merged.outcome;
  }

  /** The jobs that may start now, in queue order; they count as running from here on. */
  startable(): J[] {
    const started: J[] = [];
    for (const [key, job] of this.waiting) {
      if (this.running.size >= this.concurrency) break;
      if (this.running.has(key)) continue;
      this.waiting.delete(key);
      this.running.set(key, job);
      started.push(job);
    }
    return started;
  }

  /** The running job of `key` ended (well or not); a job of that change waiting may start. */
  finish(key: string): void {
    if (!this.running.delete(key)) throw new Error(`queue book: no job of ${key} is running`);
  }

  /** Removes and returns every waiting job (a shutdown hands them back instead of running them). */
  takeWaiting(): J[] {
    const jobs = [...this.waiting.values()];
    this.waiting.clear();
    return jobs;
  }

  /**
   * A failed run of `key` gives way to the job of that change waiting (it reviews a newer
   * head); a `full` review asked for and not had yet carries over to it. False: none waits.
   */
  supersede(failed: J): boolean {
    const waiting = this.waiting.get(failed.key);
    if (!waiting) return false;
    if (failed.mode === "full") this.waiting.set(failed.key, { ...waiting, mode: "full" });
    return true;
  }

  waitingJob(key: string): J | undefined {
    return this.waiting.get(key);
  }

  runningJob(key: string): J | undefined {
    return this.running.get(key);
  }

  stats(): QueueStats {
    return { waiting: this.waiting.size, running: this.running.size };
  }
}
