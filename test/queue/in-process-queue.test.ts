import { describe, expect, it } from "vitest";
import { InProcessQueue } from "../../src/queue/in-process-queue.js";
import type { QueueJob } from "../../src/queue/queue-job.js";

interface TestJob extends QueueJob {
  head: string;
}

const event = (key: string, head: string): TestJob => ({ key, mode: "incremental", deliveryId: `d-${key}-${head}`, trigger: { kind: "event" }, head });

/** A run function whose jobs end when the test says so, recording what started. */
function heldRuns() {
  const started: string[] = [];
  const pending = new Map<string, { resolve: () => void; reject: (error: Error) => void }>();
  let notify: (() => void) | undefined;
  const run = (job: TestJob) =>
    new Promise<void>((resolve, reject) => {
      started.push(`${job.key}@${job.head}`);
      pending.set(`${job.key}@${job.head}`, { resolve, reject });
      notify?.();
    });
  return {
    run,
    started,
    finish: (id: string) => take(id).resolve(),
    fail: (id: string, error: Error) => take(id).reject(error),
    /** Resolves once `count` jobs have started. */
    async startedCount(count: number) {
      while (started.length < count) await new Promise<void>((resolve) => (notify = resolve));
    },
  };
  function take(id: string) {
    const held = pending.get(id);
    if (!held) throw new Error(`job ${id} is not running; running: ${[...pending.keys()].join(", ")}`);
    pending.delete(id);
    return held;
  }
}

describe("InProcessQueue", () => {
  it("runs the newest waiting job of a change after the running one, never the replaced one", async () => {
    const runs = heldRuns();
    const queue = new InProcessQueue<TestJob>({ run: runs.run, concurrency: 2, onFailure: () => {} });
    expect(await queue.enqueue(event("a", "1"))).toBe("queued");
    await runs.startedCount(1);
    expect(await queue.enqueue(event("a", "2"))).toBe("queued");
    expect(await queue.enqueue(event("a", "3"))).toBe("replaced");
    expect(await queue.stats()).toEqual({ waiting: 1, running: 1 });
    runs.finish("a@1");
    await runs.startedCount(2);
    runs.finish("a@3");
    await queue.drain();
    expect(runs.started).toEqual(["a@1", "a@3"]);
  });

  it("keeps to the concurrency limit across changes", async () => {
    const runs = heldRuns();
    const queue = new InProcessQueue<TestJob>({ run: runs.run, concurrency: 2, onFailure: () => {} });
    for (const key of ["a", "b", "c"]) await queue.enqueue(event(key, "1"));
    await runs.startedCount(2);
    expect(runs.started).toEqual(["a@1", "b@1"]);
    expect(await queue.stats()).toEqual({ waiting: 1, running: 2 });
    runs.finish("b@1");
    await runs.startedCount(3);
    expect(runs.started).toEqual(["a@1", "b@1", "c@1"]);
    runs.finish("a@1");
    runs.finish("c@1");
    await queue.drain();
  });

  it("reports a failed job with its error and goes on with the next", async () => {
    const runs = heldRuns();
    const failures: Array<[string, string]> = [];
    const queue = new InProcessQueue<TestJob>({ run: runs.run, concurrency: 1, onFailure: (job, error) => failures.push([job.head, (error as Error).message]) });
    await queue.enqueue(event("a", "1"));
    await queue.enqueue(event("a", "2"));
    await runs.startedCount(1);
    runs.fail("a@1", new Error("model down"));
    await runs.startedCount(2);
    runs.finish("a@2");
    await queue.drain();
    expect(failures).toEqual([["1", "model down"]]);
    expect(runs.started).toEqual(["a@1", "a@2"]);
  });

  it("reports a run function that throws before returning a promise", async () => {
    const failures: unknown[] = [];
    const queue = new InProcessQueue<TestJob>({
      run: () => {
        throw new Error("sync boom");
      },
      concurrency: 1,
      onFailure: (_job, error) => failures.push(error),
    });
    await queue.enqueue(event("a", "1"));
    await queue.drain();
    expect(failures).toEqual([new Error("sync boom")]);
  });

  it("ignores a repeated delivery until its TTL has passed on the injected clock", async () => {
    let now = 0;
    const queue = new InProcessQueue<TestJob>({ run: async () => {}, concurrency: 1, onFailure: () => {}, now: () => now, deliveryTtlMs: 60_000 });
    expect(await queue.claimDelivery("x")).toBe(true);
    now = 59_999;
    expect(await queue.claimDelivery("x")).toBe(false);
    now = 60_000;
    expect(await queue.claimDelivery("x")).toBe(true);
    await queue.releaseDelivery("x");
    expect(await queue.claimDelivery("x")).toBe(true);
  });

  it("on close, waits for the running job, hands back the waiting ones and takes no more", async () => {
    const runs = heldRuns();
    const queue = new InProcessQueue<TestJob>({ run: runs.run, concurrency: 1, onFailure: () => {} });
    await queue.enqueue(event("a", "1"));
    await queue.enqueue(event("b", "1"));
    await runs.startedCount(1);
    let closed: TestJob[] | undefined;
    const closing = queue.close().then((dropped) => (closed = dropped));
    await Promise.resolve();
    expect(closed).toBeUndefined();
    expect(await queue.enqueue(event("c", "1"))).toBe("closed");
    runs.finish("a@1");
    await closing;
    expect(closed!.map((job) => job.key)).toEqual(["b"]);
    expect(runs.started).toEqual(["a@1"]);
    await queue.drain();
  });

  it("answers enqueue before the job's own code runs", async () => {
    const order: string[] = [];
    const queue = new InProcessQueue<TestJob>({ run: async () => void order.push("run"), concurrency: 1, onFailure: () => {} });
    const outcome = queue.enqueue(event("a", "1")).then(() => order.push("enqueued"));
    await outcome;
    await queue.drain();
    expect(order).toEqual(["enqueued", "run"]);
  });
});
