/**
 * The review queue on Redis, through BullMQ: any number of web processes enqueue, any
 * number of workers run reviews, and a worker that dies mid-review (SIGKILL, a lost
 * machine) has its review run again by another one (BullMQ's stalled-job recovery). The
 * per-change rules are Lua scripts (`change-scripts.ts`); BullMQ carries one token job per
 * change with work, whose id is the change key and a generation (`github:owner/repo#12:3`),
 * and brings locks, stall detection, retries with backoff and concurrency.
 *
 * A process that gives no `run` only enqueues (the web role). Delivery ids are `SET NX`
 * with a TTL, so every web process sees the repeats of the others.
 */
import { type ConnectionOptions, type Job, Queue, Worker } from "bullmq";
import { Redis } from "ioredis";
import { CHANGE_HASHES, ENQUEUE, FINISH, HAND_BACK, REVIVE, TAKE } from "./change-scripts.js";
import { DEFAULT_DELIVERY_TTL_MS } from "./in-process-queue.js";
import type { EnqueueOutcome, QueueStats } from "./queue-book.js";
import type { QueueJob } from "./queue-job.js";
import { QueueUnavailableError } from "./queue-unavailable.js";
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from "./retry-policy.js";
import type { ReviewQueue } from "./review-queue.js";

export interface BullQueueOptions<J extends QueueJob> {
  /** `redis://[user:password@]host:port[/db]`. */
  redisUrl: string;
  /** Prefix of every Redis key; two deployments may share a Redis with different prefixes. Default `ai-review`. */
  prefix?: string;
  /** Given: this process is a worker and runs jobs, at most `concurrency` at once. */
  run?: (job: J) => Promise<void>;
  concurrency?: number;
  /** Told of a job that failed its last attempt; awaited before the change's next job starts. It must not throw. */
  onFailure?: (job: J, error: unknown) => unknown;
  retry?: RetryPolicy;
  deliveryTtlMs?: number;
  /** BullMQ's lock of a running job: a worker silent this long is taken for dead. Default 30 s. */
  lockMs?: number;
  /** How often workers look for jobs of dead workers. Default 30 s. */
  stalledIntervalMs?: number;
  /** How often a worker looks for changes whose token was lost. Default 60 s. */
  sweepIntervalMs?: number;
  /**
   * How long a webhook's call (claim, release, enqueue, ping) waits for Redis before it fails
   * with QueueUnavailableError. Default 2 s: well within the forges' 10 s.
   */
  timeoutMs?: number;
  /** Told when the connection to Redis is lost or comes back. */
  onConnection?: (event: "lost" | "back", detail: string) => void;
}

type Keys = readonly string[];

interface TokenData {
  key: string;
  gen: string;
}

export class BullQueue<J extends QueueJob> implements ReviewQueue<J> {
  private readonly prefix: string;
  private readonly redis: Redis;
  /**
   * The webhooks' own connection: a command of it that Redis may not have run when the link
   * broke is failed, never sent again on reconnect, since the webhook was answered 503 by
   * then and the forge delivers it again (a late enqueue would be a second review).
   */
  private readonly hooks: Redis;
  private readonly queue: Queue;
  private readonly worker: Worker<TokenData> | null = null;
  private readonly keys: Keys;
  private readonly retry: RetryPolicy;
  private readonly where: string;
  private sweeper: NodeJS.Timeout | undefined;
  /** The tokens this process runs, with their lock: what a stop past its grace hands back. */
  private readonly active = new Map<Promise<void>, { token: Job<TokenData>; lock: string | undefined }>();
  private closing = false;
  /** Delivery ids whose release failed while Redis was away: released once it is back. */
  private readonly unreleased = new Set<string>();
  private closed: Promise<J[]> | undefined;

  constructor(private readonly options: BullQueueOptions<J>) {
    this.prefix = options.prefix ?? "ai-review";
    this.retry = options.retry ?? DEFAULT_RETRY_POLICY;
    this.where = describeRedis(options.redisUrl);
    // Fail at once while Redis is away (the web answers 503 and the forge redelivers)
    // instead of queueing commands until it is back; ioredis keeps reconnecting meanwhile.
    this.redis = new Redis(options.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false, retryStrategy: reconnectDelay });
    this.hooks = new Redis(options.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 0, autoResendUnfulfilledCommands: false, retryStrategy: reconnectDelay });
    this.hooks.on("error", () => {});
    this.hooks.on("ready", () => void this.releaseLeftOver());
    let lost = false;
    this.redis.on("error", (error: Error) => {
      if (!lost) options.onConnection?.("lost", `${this.where}: ${error.message}`);
      lost = true;
    });
    this.redis.on("ready", () => {
      if (lost) options.onConnection?.("back", this.where);
      lost = false;
    });
    this.keys = CHANGE_HASHES.map((name) => `${this.prefix}:change:${name}`);
    this.queue = new Queue("reviews", { connection: bullConnection(options.redisUrl), prefix: this.prefix });
    this.queue.on("error", () => {});
    if (options.run) {
      this.worker = new Worker<TokenData>("reviews", (token, lock) => this.tracked(token, lock, this.process(token)), {
        connection: bullConnection(options.redisUrl),
        prefix: this.prefix,
        concurrency: options.concurrency ?? 1,
        lockDuration: options.lockMs ?? 30_000,
        stalledInterval: options.stalledIntervalMs ?? 30_000,
        // A review stalls only when its worker dies; several deaths in a row are rare, and
        // a token that fails anyway is revived by the sweep.
        maxStalledCount: 3,
      });
      this.worker.on("error", () => {});
      const sweep = () => void this.sweep().catch(() => {});
      this.worker.on("ready", sweep);
      this.sweeper = setInterval(sweep, options.sweepIntervalMs ?? 60_000);
      this.sweeper.unref();
    }
  }

  async claimDelivery(deliveryId: string): Promise<boolean> {
    const ttl = this.options.deliveryTtlMs ?? DEFAULT_DELIVERY_TTL_MS;
    const key = `${this.prefix}:delivery:${deliveryId}`;
    // A claim this process failed to release is its own: the redelivery is handled, not taken for a repeat.
    const set = await this.bounded(() => (this.unreleased.has(deliveryId) ? this.hooks.set(key, "1", "PX", ttl) : this.hooks.set(key, "1", "PX", ttl, "NX")));
    this.unreleased.delete(deliveryId);
    return set === "OK";
  }

  /** Never fails: while Redis is away the release is remembered and done once it is back. */
  async releaseDelivery(deliveryId: string): Promise<void> {
    try {
      await this.bounded(() => this.hooks.del(`${this.prefix}:delivery:${deliveryId}`));
      this.unreleased.delete(deliveryId);
    } catch {
      this.unreleased.add(deliveryId);
    }
  }

  async enqueue(job: J): Promise<EnqueueOutcome> {
    if (this.closing) return "closed";
    const { mode, ...rest } = job;
    // Bounded as a whole: BullMQ's own connection queues commands while Redis is away.
    return this.bounded(async () => {
      const [outcome, state] = (await this.hooks.eval(ENQUEUE, this.keys.length, ...this.keys, job.key, JSON.stringify(rest), job.trigger.kind, mode)) as [EnqueueOutcome, string];
      if (state.startsWith("queued:")) await this.addToken(job.key, state.slice("queued:".length));
      return outcome;
    });
  }

  async stats(): Promise<QueueStats> {
    const [waiting, running] = await this.guard(() => Promise.all([this.redis.hlen(this.keys[0]!), this.redis.hlen(this.keys[2]!)]));
    return { waiting, running };
  }

  /** Resolves once no change has work left, in any process: polled, since the work may be anywhere. */
  async drain(): Promise<void> {
    while ((await this.guard(() => this.redis.hlen(this.keys[4]!))) > 0) await new Promise((resolve) => setTimeout(resolve, 20));
  }

  /** True once connected to Redis (and, for a worker, ready to take jobs) within `timeoutMs`. */
  async whenConnected(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    const ready = (async () => {
      for (const redis of [this.redis, this.hooks]) if (redis.status !== "ready") await new Promise((resolve) => redis.once("ready", resolve));
      await this.worker?.waitUntilReady();
      return true as const;
    })();
    const connected = await Promise.race([ready, late]);
    clearTimeout(timer);
    return connected;
  }

  /** Answers once Redis does: what `/readyz` asks. */
  async ping(): Promise<void> {
    await this.bounded(() => this.hooks.ping());
  }

  /**
   * Stops taking jobs and waits up to `graceMs` for the running ones; past that they go
   * back to the queue, and another worker runs them again. Waiting jobs
   * stay in Redis for the other workers: none is handed back to the caller.
   */
  close(graceMs = 30_000): Promise<J[]> {
    // Once: a second call (a second signal) waits for the first instead of closing closed connections.
    this.closed ??= this.shutDown(graceMs);
    return this.closed;
  }

  private async shutDown(graceMs: number): Promise<J[]> {
    this.closing = true;
    clearInterval(this.sweeper);
    if (this.worker) {
      // Take no new token; a running one hands its change back after its current review.
      await this.worker.pause(true);
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
      await Promise.race([Promise.allSettled(this.active.keys()), late]);
      clearTimeout(timer);
      const left = [...this.active.values()];
      // Closed first: a worker only paused may still take a job it was already waiting for,
      // which would take back the token handed back below.
      await this.worker.close(true);
      // A review still running past the grace goes back to the queue at once, for another
      // worker, instead of waiting for its lock to expire and the stall check to notice
      // (a minute by default). The caller must then end the process: the review still
      // runs here, and would publish while the other worker runs it again.
      for (const { token, lock } of left) {
        await this.queue
          .getJob(token.id!)
          .then((job) => job?.moveToWait(lock))
          .catch(() => {}); // Redis away: the lock expires and the stall check hands it back.
      }
    }
    await this.queue.close();
    this.redis.disconnect();
    this.hooks.disconnect();
    return [];
  }

  private tracked(token: Job<TokenData>, lock: string | undefined, running: Promise<void>): Promise<void> {
    this.active.set(running, { token, lock });
    void running.catch(() => {}).finally(() => this.active.delete(running));
    return running;
  }

  /** One token: the change's jobs, one after another, until none waits. */
  private async process(token: Job<TokenData>): Promise<void> {
    const { key, gen } = token.data;
    let next = (await this.script(TAKE, key, gen)) as [string, string] | null;
    while (next) {
      const job = { ...JSON.parse(next[0]), mode: next[1] } as J;
      try {
        await this.options.run!(job);
      } catch (error) {
        // BullMQ runs the token again after the backoff; TAKE then gives the same job, or a newer one that waits.
        if (token.attemptsMade + 1 < this.retry.attempts) throw error;
        await this.options.onFailure?.(job, error);
      }
      if (this.closing) {
        const handed = (await this.script(HAND_BACK, key, gen)) as string | null;
        if (handed) await this.addToken(key, handed.slice("queued:".length));
        return;
      }
      next = (await this.script(FINISH, key, gen)) as [string, string] | null;
    }
  }

  /** Adds (again) the token of a change: BullMQ keeps one job per id, so a repeat does nothing. */
  private async addToken(key: string, gen: string): Promise<void> {
    await this.guard(() =>
      this.queue.add("review", { key, gen }, {
        jobId: tokenId(key, gen),
        attempts: this.retry.attempts,
        backoff: { type: "exponential", delay: this.retry.backoffMs },
        removeOnComplete: true,
        removeOnFail: { count: 1000 },
      }),
    );
  }

  /** Gives a new token to every change whose token is gone (a process died between two calls, or it stalled too often). */
  private async sweep(): Promise<void> {
    const states = await this.redis.hgetall(this.keys[4]!);
    for (const [key, state] of Object.entries(states)) {
      const [phase, gen] = state.split(":") as [string, string];
      if (phase === "queued") {
        await this.addToken(key, gen);
        continue;
      }
      const token = await this.queue.getJob(tokenId(key, gen));
      const tokenState = token ? await token.getState() : "unknown";
      if (tokenState !== "failed" && tokenState !== "completed" && tokenState !== "unknown") continue;
      const revived = (await this.script(REVIVE, key, state)) as string | null;
      if (revived) await this.addToken(key, revived.slice("queued:".length));
    }
  }

  private script(lua: string, ...args: string[]): Promise<unknown> {
    return this.guard(() => this.redis.eval(lua, this.keys.length, ...this.keys, ...args));
  }

  /**
   * A webhook's call: fails with QueueUnavailableError past `timeoutMs`, so that a Redis lost
   * mid-webhook (a dead link answers nothing) gets the webhook a 503 instead of a hang.
   * A call that completes later does no harm: claims, releases and enqueues are idempotent.
   */
  private async bounded<T>(call: () => Promise<T>): Promise<T> {
    const ms = this.options.timeoutMs ?? 2_000;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new QueueUnavailableError(`Redis at ${this.where} did not answer within ${ms} ms; the forge will deliver again`)), ms);
    });
    try {
      return await Promise.race([this.guard(call, this.hooks), late]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Releases the claims whose release failed while Redis was away. */
  private async releaseLeftOver(): Promise<void> {
    for (const deliveryId of [...this.unreleased]) await this.releaseDelivery(deliveryId).catch(() => {});
  }

  private async guard<T>(call: () => Promise<T>, redis = this.redis): Promise<T> {
    if (redis.status !== "ready") throw new QueueUnavailableError(`Redis at ${this.where} is unreachable (connection ${redis.status}); the forge will deliver again`);
    try {
      return await call();
    } catch (error) {
      if (redis.status !== "ready") throw new QueueUnavailableError(`Redis at ${this.where} went away during a call: ${(error as Error).message}`);
      throw error;
    }
  }
}

/**
 * The token's BullMQ id: the change key and the generation, `github:owner/repo#12:3`.
 * BullMQ takes an id with exactly two colons or none, so further colons (a GitLab host's
 * port) are escaped, and a key without a forge prefix (tests) gets none.
 */
export function tokenId(key: string, gen: string): string {
  const colon = key.indexOf(":");
  if (colon < 0) return `${key}@${gen}`;
  return `${key.slice(0, colon)}:${key.slice(colon + 1).replaceAll(":", "%3A")}:${gen}`;
}

/** BullMQ's connections block on Redis and must retry forever (`maxRetriesPerRequest: null`). */
function bullConnection(url: string): ConnectionOptions {
  return { url, maxRetriesPerRequest: null, retryStrategy: reconnectDelay };
}

/** Reconnects forever, at most 2 s apart: a Redis restart should not need a worker restart. */
function reconnectDelay(times: number): number {
  return Math.min(times * 100, 2_000);
}

/** Host and port, never the password. */
function describeRedis(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || 6379}`;
  } catch {
    return "REDIS_URL";
  }
}
