import type { Readable, Writable } from "node:stream";
import type { ProgressTimers } from "./review-progress.js";

/** The CLI's world, passed in so tests run it in-process with captured streams. */
export interface CliIo {
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean };
  stdin: Readable;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Timers of the progress heartbeat; tests pass their own so nothing waits for real. */
  timers?: ProgressTimers;
  /** The wait between model retries; tests pass one that returns at once. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}
