/**
 * Progress of a review on standard error. A terminal gets one line that updates in place.
 * Anything else (a CI log) gets plain lines, one per finished part, and a heartbeat while
 * waiting: a hung gateway must not look like a hung job for minutes.
 */
import type { Writable } from "node:stream";
import type { ReviewProgress } from "../review.js";

export interface ProgressTimers {
  /** Milliseconds on a monotonic clock. */
  now(): number;
  /** Calls `tick` every `ms` until the returned function is called. */
  every(ms: number, tick: () => void): () => void;
}

export const REAL_TIMERS: ProgressTimers = {
  now: () => performance.now(),
  every: (ms, tick) => {
    const timer = setInterval(tick, ms);
    // Never the reason the process stays alive.
    timer.unref();
    return () => clearInterval(timer);
  },
};

/** Logs drop a job that prints nothing for a few minutes; 30 s keeps a waiting job visible. */
export const HEARTBEAT_MS = 30_000;

const FILES_SHOWN = 3;

export interface ProgressReporter {
  onProgress(progress: ReviewProgress): void;
  /** Ends the line on a terminal and stops the heartbeat; safe to call twice. */
  stop(): void;
}

export function startProgress(options: {
  stderr: Writable;
  tty: boolean;
  /** Parts (model requests) of the review. */
  total: number;
  timers: ProgressTimers;
}): ProgressReporter {
  const { stderr, tty, total, timers } = options;
  if (total === 0) return { onProgress: () => {}, stop: () => {} };
  if (tty) return terminalProgress(stderr, total);

  const started = timers.now();
  let done = 0;
  const stopHeartbeat = timers.every(HEARTBEAT_MS, () => {
    const waited = `${Math.round((timers.now() - started) / 1000)} s`;
    const what = done < total ? `${done} of ${total} parts done` : `the summary pass, all ${total} parts done`;
    stderr.write(`still waiting for the model: ${what}, ${waited}\n`);
  });
  let stopped = false;
  return {
    onProgress(p) {
      done = p.done;
      // One part says nothing a single result does not; the heartbeat still covers it.
      if (total === 1) return;
      const verb = p.part.failed ? "failed" : "reviewed";
      stderr.write(`${verb} part ${p.part.index}/${p.total}: ${fileList(p.part.files)} (${p.done} done, ${tokens(p)} tokens so far)\n`);
    },
    stop() {
      if (stopped) return;
      stopped = true;
      stopHeartbeat();
    },
  };
}

function terminalProgress(stderr: Writable, total: number): ProgressReporter {
  if (total === 1) return { onProgress: () => {}, stop: () => {} };
  let written = false;
  return {
    onProgress(p) {
      written = true;
      stderr.write(`\rreviewing: ${p.done}/${p.total} parts, ${tokens(p)} tokens`);
    },
    stop() {
      if (written) stderr.write("\n");
      written = false;
    },
  };
}

function fileList(files: readonly string[]): string {
  const shown = files.slice(0, FILES_SHOWN).join(", ");
  return files.length > FILES_SHOWN ? `${shown} and ${files.length - FILES_SHOWN} more` : shown;
}

function tokens(p: ReviewProgress): string {
  return (p.promptTokens + p.completionTokens).toLocaleString("en-US");
}
