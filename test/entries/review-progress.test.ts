import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { HEARTBEAT_MS, startProgress } from "../../src/entries/review-progress.js";
import type { ReviewProgress } from "../../src/review.js";
import { fakeTimers } from "../support/fake-timers.js";

function capture() {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on("data", (b: Buffer) => chunks.push(b.toString("utf8")));
  return { stream, text: () => chunks.join("") };
}

const part = (done: number, total: number, index: number, files: string[], tokens: number, failed = false): ReviewProgress => ({
  done,
  total,
  part: { index, files, failed },
  promptTokens: tokens - 100,
  completionTokens: 100,
});

describe("review progress on standard error", () => {
  it("prints a plain line per finished part and a heartbeat every 30 s when stderr is not a terminal", () => {
    const err = capture();
    const clock = fakeTimers();
    const progress = startProgress({ stderr: err.stream, tty: false, total: 12, timers: clock.timers });

    clock.advance(29_999);
    expect(err.text()).toBe("");
    progress.onProgress(part(1, 12, 3, ["src/a.ts", "src/b.ts"], 1_234));
    clock.advance(1);
    progress.onProgress(part(2, 12, 1, ["a", "b", "c", "d", "e"], 2_500, true));
    clock.advance(65_000);
    progress.stop();
    clock.advance(HEARTBEAT_MS * 10);

    expect(err.text().split("\n")).toEqual([
      "reviewed part 3/12: src/a.ts, src/b.ts (1 done, 1,234 tokens so far)",
      "still waiting for the model: 1 of 12 parts done, 30 s",
      "failed part 1/12: a, b, c and 2 more (2 done, 2,500 tokens so far)",
      "still waiting for the model: 2 of 12 parts done, 60 s",
      "still waiting for the model: 2 of 12 parts done, 90 s",
      "",
    ]);
    expect(clock.running).toBe(0);
  });

  it("says the summary pass is what it waits for once every part is done", () => {
    const err = capture();
    const clock = fakeTimers();
    const progress = startProgress({ stderr: err.stream, tty: false, total: 2, timers: clock.timers });
    progress.onProgress(part(1, 2, 1, ["a"], 10));
    progress.onProgress(part(2, 2, 2, ["b"], 20));
    clock.advance(HEARTBEAT_MS);
    progress.stop();
    expect(err.text()).toContain("still waiting for the model: the summary pass, all 2 parts done, 30 s\n");
  });

  it("keeps a one-part review quiet unless it has to wait", () => {
    const err = capture();
    const clock = fakeTimers();
    const progress = startProgress({ stderr: err.stream, tty: false, total: 1, timers: clock.timers });
    progress.onProgress(part(1, 1, 1, ["a"], 10));
    progress.stop();
    expect(err.text()).toBe("");

    const slow = startProgress({ stderr: err.stream, tty: false, total: 1, timers: clock.timers });
    clock.advance(HEARTBEAT_MS);
    slow.stop();
    expect(err.text()).toBe("still waiting for the model: 0 of 1 parts done, 30 s\n");
    expect(clock.running).toBe(0);
  });

  it("updates one line on a terminal, ends it once, and starts no timer", () => {
    const err = capture();
    const clock = fakeTimers();
    const progress = startProgress({ stderr: err.stream, tty: true, total: 3, timers: clock.timers });
    expect(clock.running).toBe(0);
    progress.onProgress(part(1, 3, 2, ["a"], 1_000));
    progress.onProgress(part(2, 3, 1, ["b"], 2_000));
    progress.stop();
    progress.stop();
    expect(err.text()).toBe("\rreviewing: 1/3 parts, 1,000 tokens\rreviewing: 2/3 parts, 2,000 tokens\n");
  });
});
