/**
 * `ai-review serve` as its own process, the way it is deployed: `bin/ai-review.js` on the
 * built dist/ (`npm run build`; `.ci/run` builds it through `npm ci`). Its JSON log lines
 * are kept, its URL read from the "listening" line.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { APP_ID, WEBHOOK_SECRET } from "./serve-harness.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const BIN = path.join(ROOT, "bin", "ai-review.js");

export interface ServeProcess {
  child: ChildProcess;
  url: string;
  /** Parsed log lines, in order. */
  records: Array<Record<string, unknown>>;
  /** Resolves with the exit code (or the signal's name). */
  exited: Promise<number | string>;
}

/** Fails, saying what to do, when dist/ is older than src/: the processes would run old code. */
export function assertFreshBuild(): void {
  const built = path.join(ROOT, "dist", "entries", "cli.js");
  let builtAt: number;
  try {
    builtAt = statSync(built).mtimeMs;
  } catch {
    throw new Error("dist/ is missing: run `npm run build` before the multi-process tests");
  }
  const newest = newestMtime(path.join(ROOT, "src"));
  if (newest > builtAt) throw new Error("dist/ is older than src/: run `npm run build` before the multi-process tests");
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

export async function startServeProcess(args: string[], env: Record<string, string>): Promise<ServeProcess> {
  const child = spawn(process.execPath, [BIN, "serve", ...args], {
    env: { PATH: process.env.PATH ?? "", HOST: "127.0.0.1", PORT: "0", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const records: Array<Record<string, unknown>> = [];
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  const exited = new Promise<number | string>((resolve) => child.once("exit", (code, signal) => resolve(code ?? signal ?? "unknown")));
  let buffered = "";
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      buffered += chunk.toString("utf8");
      const lines = buffered.split("\n");
      buffered = lines.pop()!;
      for (const line of lines) {
        if (!line.trim()) continue;
        let record: Record<string, unknown>;
        try {
          record = JSON.parse(line) as Record<string, unknown>;
        } catch {
          record = { msg: line };
        }
        records.push(record);
        if (record.msg === "ai-review serve listening") resolve(String(record.url));
      }
    });
    void exited.then((code) => reject(new Error(`ai-review serve ${args.join(" ")} exited (${code}) before listening:\n${stderr}`)));
  });
  return { child, url, records, exited };
}

/**
 * What every serve process of one Redis-backed deployment in the tests and the bench shares:
 * the GitHub App of the harness, the loopback forge and model, one queue prefix, and no
 * write pacing (the loopback forge has no secondary limit to respect).
 */
export function redisServeEnv(where: { privateKey: string; githubUrl: string; modelUrl: string; redisUrl: string; prefix: string }): Record<string, string> {
  return {
    APP_ID: String(APP_ID),
    PRIVATE_KEY: where.privateKey,
    WEBHOOK_SECRET,
    GITHUB_API_URL: where.githubUrl,
    OPENAI_BASE_URL: where.modelUrl,
    OPENAI_API_KEY: "sk-loopback",
    AI_REVIEW_MODEL: "m",
    REDIS_URL: where.redisUrl,
    AI_REVIEW_QUEUE_PREFIX: where.prefix,
    AI_REVIEW_GITHUB_THROTTLE: "off",
  };
}
