/**
 * The one queue of a serve process: in this process by default, on Redis (BullMQ) when
 * REDIS_URL is set. A web process's BullMQ queue only enqueues; a worker's (or `all`'s) runs
 * reviews too. The rules are the same either way (`ReviewQueue`).
 */
import { BullQueue } from "../../queue/bull-queue.js";
import { InProcessQueue } from "../../queue/in-process-queue.js";
import type { ReviewQueue } from "../../queue/review-queue.js";
import type { ScaleSettings } from "./scale-settings.js";
import type { ServeJob } from "./serve-job.js";

export interface ServeQueueDeps {
  scale: ScaleSettings;
  concurrency: number;
  run: (job: ServeJob) => Promise<void>;
  onFailure: (job: ServeJob, error: unknown) => Promise<void>;
  onConnection: (event: "lost" | "back", detail: string) => void;
  now: () => number;
  /** The in-process queue's wait between attempts; tests pass one that returns at once. */
  sleep?: (ms: number) => Promise<void>;
}

export function serveQueue(deps: ServeQueueDeps): ReviewQueue<ServeJob> {
  const { scale } = deps;
  if (!scale.redis) {
    return new InProcessQueue<ServeJob>({
      concurrency: deps.concurrency,
      now: deps.now,
      run: deps.run,
      onFailure: deps.onFailure,
      retry: scale.retry,
      ...(deps.sleep ? { sleep: deps.sleep } : {}),
    });
  }
  const worker = scale.role !== "web";
  return new BullQueue<ServeJob>({
    redisUrl: scale.redis.url,
    prefix: scale.redis.prefix,
    lockMs: scale.redis.lockMs,
    stalledIntervalMs: scale.redis.stalledIntervalMs,
    timeoutMs: scale.redis.timeoutMs,
    retry: scale.retry,
    onConnection: deps.onConnection,
    ...(worker ? { run: deps.run, concurrency: deps.concurrency, onFailure: deps.onFailure } : {}),
  });
}
