/**
 * Progress timers on a clock the test moves: `advance(95_000)` fires every heartbeat due
 * in those 95 s at once, and no test waits for real.
 */
import type { ProgressTimers } from "../../src/entries/review-progress.js";

export interface FakeTimers {
  timers: ProgressTimers;
  advance(ms: number): void;
  /** Intervals started and not stopped: 0 once the code under test cleaned up. */
  readonly running: number;
}

export function fakeTimers(): FakeTimers {
  let now = 0;
  const intervals = new Set<{ ms: number; tick: () => void; due: number }>();
  return {
    timers: {
      now: () => now,
      every(ms, tick) {
        const interval = { ms, tick, due: now + ms };
        intervals.add(interval);
        return () => void intervals.delete(interval);
      },
    },
    advance(ms) {
      const end = now + ms;
      for (;;) {
        const next = [...intervals].sort((a, b) => a.due - b.due)[0];
        if (!next || next.due > end) break;
        now = next.due;
        next.due += next.ms;
        next.tick();
      }
      now = end;
    },
    get running() {
      return intervals.size;
    },
  };
}
