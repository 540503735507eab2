/**
 * Runs the CLI's `main` in-process with captured streams: the same code path as the
 * `ai-review` binary, without a build step or a child process per test.
 */
import { PassThrough, Readable } from "node:stream";
import { main } from "../../src/entries/cli.js";
import type { ProgressTimers } from "../../src/entries/review-progress.js";

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; stdin?: string; tty?: boolean; timers?: ProgressTimers },
): Promise<CliRun> {
  // `isTTY` is what a terminal's streams carry; set it to see what a person at one sees.
  const stdout = Object.assign(new PassThrough(), { isTTY: options.tty === true });
  const stderr = Object.assign(new PassThrough(), { isTTY: options.tty === true });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on("data", (b: Buffer) => out.push(b));
  stderr.on("data", (b: Buffer) => err.push(b));
  const code = await main(args, {
    stdout,
    stderr,
    stdin: Readable.from(options.stdin === undefined ? [] : [Buffer.from(options.stdin)]),
    cwd: options.cwd,
    env: options.env ?? {},
    ...(options.timers ? { timers: options.timers } : {}),
    // Retry waits return at once: no CLI test sleeps for real.
    sleep: async () => {},
  });
  return { code, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") };
}
