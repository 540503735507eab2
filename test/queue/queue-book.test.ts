import { describe, expect, it } from "vitest";
import { QueueBook } from "../../src/queue/queue-book.js";
import type { QueueJob } from "../../src/queue/queue-job.js";

interface TestJob extends QueueJob {
  head?: string;
}

const event = (key: string, head: string, mode: QueueJob["mode"] = "incremental"): TestJob => ({ key, mode, deliveryId: `d-${key}-${head}`, trigger: { kind: "event" }, head });
const command = (key: string, mode: QueueJob["mode"]): TestJob => ({ key, mode, deliveryId: `c-${key}-${mode}`, trigger: { kind: "command" } });

describe("QueueBook", () => {
  it("starts a job at once when a slot is free, and a second job of that change only after the first ends", () => {
    const book = new QueueBook<TestJob>(4);
    expect(book.add(event("a", "1"))).toBe("queued");
    expect(book.startable().map((j) => j.head)).toEqual(["1"]);
    expect(book.add(event("a", "2"))).toBe("queued");
    expect(book.startable()).toEqual([]);
    expect(book.stats()).toEqual({ waiting: 1, running: 1 });
    book.finish("a");
    expect(book.startable().map((j) => j.head)).toEqual(["2"]);
  });

  it("replaces the waiting job of a change with a newer event, keeping one waiting job", () => {
    const book = new QueueBook<TestJob>(1);
    book.add(event("a", "1"));
    book.startable();
    book.add(event("a", "2"));
    expect(book.add(event("a", "3"))).toBe("replaced");
    expect(book.stats()).toEqual({ waiting: 1, running: 1 });
    expect(book.waitingJob("a")?.head).toBe("3");
  });

  it("lets a command join the waiting job, a full command upgrading it, and keeps full when a push replaces it", () => {
    const book = new QueueBook<TestJob>(1);
    book.add(event("a", "1"));
    book.startable();
    book.add(event("a", "2"));
    expect(book.add(command("a", "incremental"))).toBe("joined");
    expect(book.waitingJob("a")).toMatchObject({ head: "2", mode: "incremental", trigger: { kind: "event" } });
    expect(book.add(command("a", "full"))).toBe("joined");
    expect(book.waitingJob("a")).toMatchObject({ head: "2", mode: "full" });
    expect(book.add(event("a", "3"))).toBe("replaced");
    expect(book.waitingJob("a")).toMatchObject({ head: "3", mode: "full" });
  });

  it("runs at most `concurrency` jobs across changes, in the order changes started waiting", () => {
    const book = new QueueBook<TestJob>(2);
    for (const key of ["a", "b", "c", "d"]) book.add(event(key, "1"));
    expect(book.startable().map((j) => j.key)).toEqual(["a", "b"]);
    book.add(event("c", "2")); // c keeps its place ahead of d
    book.finish("b");
    expect(book.startable().map((j) => `${j.key}${j.head}`)).toEqual(["c2"]);
    book.finish("a");
    expect(book.startable().map((j) => j.key)).toEqual(["d"]);
  });

  it("skips a change whose job runs and starts the next change instead", () => {
    const book = new QueueBook<TestJob>(2);
    book.add(event("a", "1"));
    book.startable();
    book.add(event("a", "2"));
    book.add(event("b", "1"));
    expect(book.startable().map((j) => j.key)).toEqual(["b"]);
  });

  it("hands back the waiting jobs on takeWaiting and refuses to finish a change that is not running", () => {
    const book = new QueueBook<TestJob>(1);
    book.add(event("a", "1"));
    book.add(event("b", "1"));
    book.startable();
    expect(book.takeWaiting().map((j) => j.key)).toEqual(["b"]);
    expect(() => book.finish("b")).toThrow(/no job of b is running/);
  });

  it("refuses a concurrency that is not a whole number of at least 1", () => {
    expect(() => new QueueBook(0)).toThrow(/at least 1/);
    expect(() => new QueueBook(1.5)).toThrow(/whole number/);
  });
});
