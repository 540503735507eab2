/**
 * The rules of `ReviewQueue`, run against every backend: the in-process queue always, and
 * BullMQ on the Redis of AI_REVIEW_TEST_REDIS_URL (always set in CI, see test-redis.ts).
 * Same jobs, same assertions: the serve entry may not tell the backends apart.
 */
import { afterEach, describe, expect, it } from "vitest";
import { BullQueue } from "../../src/queue/bull-queue.js";
import { InProcessQueue } from "../../src/queue/in-process-queue.js";
import type { QueueJob } from "../../src/queue/queue-job.js";
import type { RetryPolicy } from "../../src/queue/retry-policy.js";
import type { ReviewQueue } from "../../src/queue/review-queue.js";
import { deletePrefix, testRedisUrl, uniquePrefix } from "../support/test-redis.js";

interface TestJob extends QueueJob {
  head: string;
}

const event = (key: string, head: string, mode: "incremental" | "full" = "incremental"): TestJob => ({ key, mode, deliveryId: `d-${key}-${head}`, trigger: { kind: "event" }, head });
const command = (key: string, head: string, mode: "incremental" | "full"): TestJob => ({ key, mode, deliveryId: `c-${key}-${head}`, trigger: { kind: "command" }, head });

/** Runs held until the test ends them, recorded as `key@head/mode`. */
function heldRuns() {
  const started: string[] = [];
  const held = new Map<string, { resolve: () => void; reject: (error: Error) => void }>();
  let notify: (() => void) | undefined;
  return {
    started,
    run: (job: TestJob) =>
      new Promise<void>((resolve, reject) => {
        started.push(`${job.key}@${job.head}/${job.mode}`);
        held.set(`${job.key}@${job.head}`, { resolve, reject });
        notify?.();
      }),
    finish: (id: string) => take(id).resolve(),
    fail: (id: string, message: string) => take(id).reject(new Error(message)),
    async startedCount(count: number) {
      while (started.length < count) await new Promise<void>((resolve) => (notify = resolve));
    },
    releaseAll: () => {
      for (const id of [...held.keys()]) take(id).resolve();
    },
  };
  function take(id: string) {
    const one = held.get(id);
    if (!one) throw new Error(`${id} is not running; running: ${[...held.keys()].join(", ")}`);
    held.delete(id);
    return one;
  }
}

interface Backend {
  name: string;
  make(options: { run: (job: TestJob) => Promise<void>; concurrency: number; onFailure: (job: TestJob, error: unknown) => void; retry?: RetryPolicy }): Promise<ReviewQueue<TestJob>>;
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const inProcess: Backend = {
  name: "in-process",
  async make(options) {
    const queue = new InProcessQueue<TestJob>({ ...options, sleep: async () => {} });
    cleanups.push(async () => void (await queue.close()));
    return queue;
  },
};

const redisUrl = testRedisUrl();
const bull: Backend = {
  name: "BullMQ",
  async make(options) {
    const prefix = uniquePrefix("contract");
    // The retry backoff in milliseconds: BullMQ still moves the job through its delayed set.
    const queue = new BullQueue<TestJob>({ redisUrl: redisUrl!, prefix, ...options, ...(options.retry ? { retry: { ...options.retry, backoffMs: 1 } } : {}) });
    expect(await queue.whenConnected(5_000)).toBe(true);
    cleanups.push(async () => {
      await queue.close(0);
      await deletePrefix(redisUrl!, prefix);
    });
    return queue;
  },
};

const backends = redisUrl ? [inProcess, bull] : [inProcess];

describe.each(backends)("ReviewQueue contract: $name", (backend) => {
  it("runs the newest waiting job of a change after the running one, never the replaced one", async () => {
    const runs = heldRuns();
    const queue = await backend.make({ run: runs.run, concurrency: 2, onFailure: () => {} });
    expect(await queue.enqueue(event("github:acme/a#1", "1"))).toBe("queued");
    await runs.startedCount(1);
    expect(await queue.enqueue(event("github:acme/a#1", "2"))).toBe("queued");
    expect(await queue.enqueue(event("github:acme/a#1", "3"))).toBe("replaced");
    expect(await queue.stats()).toEqual({ waiting: 1, running: 1 });
    runs.finish("github:acme/a#1@1");
    await runs.startedCount(2);
    runs.finish("github:acme/a#1@3");
    await queue.drain();
    expect(runs.started).toEqual(["github:acme/a#1@1/incremental", "github:acme/a#1@3/incremental"]);
    expect(await queue.stats()).toEqual({ waiting: 0, running: 0 });
  });

  it("a command joins the waiting job of its change, and full wins over incremental either way", async () => {
    const runs = heldRuns();
    const queue = await backend.make({ run: runs.run, concurrency: 1, onFailure: () => {} });
    await queue.enqueue(event("gitlab:git.example.com:8443/g/p!7", "1"));
    await runs.startedCount(1);
    expect(await queue.enqueue(event("gitlab:git.example.com:8443/g/p!7", "2"))).toBe("queued");
    expect(await queue.enqueue(command("gitlab:git.example.com:8443/g/p!7", "c", "full"))).toBe("joined");
    expect(await queue.enqueue(event("gitlab:git.example.com:8443/g/p!7", "3"))).toBe("replaced");
    runs.finish("gitlab:git.example.com:8443/g/p!7@1");
    await runs.startedCount(2);
    runs.finish("gitlab:git.example.com:8443/g/p!7@3");
    await queue.drain();
    expect(runs.started).toEqual(["gitlab:git.example.com:8443/g/p!7@1/incremental", "gitlab:git.example.com:8443/g/p!7@3/full"]);
  });

  it("a command for a change with nothing waiting is queued as its own job", async () => {
    const runs = heldRuns();
    const queue = await backend.make({ run: runs.run, concurrency: 1, onFailure: () => {} });
    expect(await queue.enqueue(command("github:acme/a#2", "c", "full"))).toBe("queued");
    await runs.startedCount(1);
    runs.finish("github:acme/a#2@c");
    await queue.drain();
    expect(runs.started).toEqual(["github:acme/a#2@c/full"]);
  });

  it("runs different changes side by side, never more than the concurrency", async () => {
    const runs = heldRuns();
    const queue = await backend.make({ run: runs.run, concurrency: 2, onFailure: () => {} });
    for (const n of [1, 2, 3]) await queue.enqueue(event(`github:acme/a#${n}`, "1"));
    await runs.startedCount(2);
    expect(await queue.stats()).toEqual({ waiting: 1, running: 2 });
    expect(runs.started).toHaveLength(2);
    runs.finish(runs.started[0]!.split("/incremental")[0]!);
    await runs.startedCount(3);
    runs.releaseAll();
    await queue.drain();
    expect([...runs.started].sort()).toEqual(["github:acme/a#1@1/incremental", "github:acme/a#2@1/incremental", "github:acme/a#3@1/incremental"]);
  });

  it("ignores a repeated delivery until it is released", async () => {
    const queue = await backend.make({ run: async () => {}, concurrency: 1, onFailure: () => {} });
    expect(await queue.claimDelivery("delivery-1")).toBe(true);
    expect(await queue.claimDelivery("delivery-1")).toBe(false);
    expect(await queue.claimDelivery("delivery-2")).toBe(true);
    await queue.releaseDelivery("delivery-1");
    expect(await queue.claimDelivery("delivery-1")).toBe(true);
  });

  it("retries a failed job a bounded number of times, then reports it once, and goes on", async () => {
    const attempts: string[] = [];
    const failures: string[] = [];
    const queue = await backend.make({
      run: async (job) => {
        attempts.push(job.head);
        if (job.head === "bad") throw new Error(`model down (${attempts.length})`);
      },
      concurrency: 1,
      onFailure: (job, error) => void failures.push(`${job.head}: ${(error as Error).message}`),
      retry: { attempts: 3, backoffMs: 1 },
    });
    await queue.enqueue(event("github:acme/a#3", "bad"));
    await queue.drain();
    await queue.enqueue(event("github:acme/a#3", "good"));
    await queue.drain();
    expect(attempts).toEqual(["bad", "bad", "bad", "good"]);
    expect(failures).toEqual(["bad: model down (3)"]);
  });

  it("a failed attempt is retried as the newer job when a push came meanwhile", async () => {
    const runs = heldRuns();
    const failures: string[] = [];
    const queue = await backend.make({ run: runs.run, concurrency: 1, onFailure: (job) => void failures.push(job.head), retry: { attempts: 2, backoffMs: 1 } });
    await queue.enqueue(event("github:acme/a#4", "1"));
    await runs.startedCount(1);
    await queue.enqueue(event("github:acme/a#4", "2"));
    runs.fail("github:acme/a#4@1", "forge 502");
    await runs.startedCount(2);
    runs.finish("github:acme/a#4@2");
    await queue.drain();
    expect(runs.started).toEqual(["github:acme/a#4@1/incremental", "github:acme/a#4@2/incremental"]);
    expect(failures).toEqual([]);
  });
});

describe.skipIf(!redisUrl)("BullQueue across processes' roles", () => {
  async function bullQueue(prefix: string, options: Partial<ConstructorParameters<typeof BullQueue<TestJob>>[0]> = {}) {
    const queue = new BullQueue<TestJob>({ redisUrl: redisUrl!, prefix, lockMs: 300, stalledIntervalMs: 100, ...options });
    expect(await queue.whenConnected(5_000)).toBe(true);
    cleanups.push(async () => void (await queue.close(0)));
    return queue;
  }

  it("a web queue only enqueues; a worker elsewhere runs the job, and the job id is the change key", async () => {
    const prefix = uniquePrefix("roles");
    cleanups.push(() => deletePrefix(redisUrl!, prefix));
    const web = await bullQueue(prefix);
    expect(await web.enqueue(event("github:acme/w#12", "1"))).toBe("queued");
    const runs = heldRuns();
    const worker = await bullQueue(prefix, { run: runs.run, concurrency: 1 });
    await runs.startedCount(1);
    runs.finish("github:acme/w#12@1");
    await web.drain();
    expect(runs.started).toEqual(["github:acme/w#12@1/incremental"]);
    expect(await worker.stats()).toEqual({ waiting: 0, running: 0 });
  });

  it("a worker that dies mid-review: another worker runs the job again, and the change's waiting job after it", async () => {
    const prefix = uniquePrefix("stalled");
    cleanups.push(() => deletePrefix(redisUrl!, prefix));
    const first = heldRuns();
    const dying = await bullQueue(prefix, { run: first.run, concurrency: 1 });
    await dying.enqueue(event("github:acme/s#1", "1", "full"));
    await first.startedCount(1);
    // Gone without a word: its lock is no longer renewed (the held run never ends).
    await dying.close(0);
    const second = heldRuns();
    const survivor = await bullQueue(prefix, { run: second.run, concurrency: 1 });
    await second.startedCount(1);
    expect(second.started).toEqual(["github:acme/s#1@1/full"]);
    await survivor.enqueue(event("github:acme/s#1", "2"));
    second.finish("github:acme/s#1@1");
    await second.startedCount(2);
    second.finish("github:acme/s#1@2");
    await survivor.drain();
    expect(second.started).toEqual(["github:acme/s#1@1/full", "github:acme/s#1@2/incremental"]);
  });
});
