/**
 * How `ai-review serve` runs beside other processes, from its flags and environment:
 *
 * - `--role web|worker|all` (or AI_REVIEW_ROLE; default `all`): a web process verifies
 *   webhooks and enqueues, a worker runs reviews, `all` does both. Web and worker processes
 *   share a queue only through Redis, so either role alone needs REDIS_URL.
 * - REDIS_URL: the BullMQ queue; without it the queue lives in this process.
 * - AI_REVIEW_REVIEW_ATTEMPTS (default 3) and AI_REVIEW_RETRY_BACKOFF_MS (default 30000):
 *   a failed review is run again after the backoff, doubled each time, then reported.
 * - AI_REVIEW_SHUTDOWN_GRACE_MS (default 30000): on SIGTERM, how long running reviews may
 *   take to finish before they are left to another worker.
 * - AI_REVIEW_QUEUE_PREFIX (default `ai-review`), AI_REVIEW_QUEUE_LOCK_MS and
 *   AI_REVIEW_QUEUE_STALLED_INTERVAL_MS (default 30000 each): Redis key prefix, and how fast
 *   a dead worker's review is taken over (tests shorten them).
 * - AI_REVIEW_REDIS_TIMEOUT_MS (default 2000): how long a webhook waits for Redis before
 *   it is answered 503 (a Redis lost mid-webhook must not hold it until the forge gives up).
 */
import { ConfigError } from "../../config.js";
import type { RetryPolicy } from "../../queue/retry-policy.js";
import type { ServeEnv } from "./serve-settings.js";

export const SERVE_ROLES = ["web", "worker", "all"] as const;
export type ServeRole = (typeof SERVE_ROLES)[number];

export interface ScaleSettings {
  role: ServeRole;
  /** Null: the in-process queue. */
  redis: { url: string; prefix: string; lockMs: number; stalledIntervalMs: number; timeoutMs: number } | null;
  retry: RetryPolicy;
  shutdownGraceMs: number;
}

export interface ScaleFlags {
  role?: string;
}

export function readScaleSettings(env: ServeEnv, flags: ScaleFlags = {}): ScaleSettings {
  const problems: string[] = [];
  const roleText = (flags.role ?? env.AI_REVIEW_ROLE ?? "all").trim();
  const role = (SERVE_ROLES as readonly string[]).includes(roleText) ? (roleText as ServeRole) : null;
  if (!role) problems.push(`--role (or AI_REVIEW_ROLE) must be one of ${SERVE_ROLES.join(", ")}, not "${roleText}"`);

  const url = env.REDIS_URL?.trim() || null;
  if (url && !/^rediss?:\/\/[^/\s]/.test(url)) problems.push("REDIS_URL must be a redis:// or rediss:// URL, such as redis://localhost:6379");
  if (role && role !== "all" && !url) {
    problems.push(`--role ${role} shares its queue through Redis: set REDIS_URL (or run one process with --role all)`);
  }
  const number = (name: string, fallback: number, min: number, max: number): number => {
    const text = env[name]?.trim();
    if (!text) return fallback;
    const value = Number(text);
    if (!Number.isInteger(value) || value < min || value > max) problems.push(`${name} must be a whole number from ${min} to ${max}, not "${text}"`);
    return value;
  };
  const attempts = number("AI_REVIEW_REVIEW_ATTEMPTS", 3, 1, 20);
  const backoffMs = number("AI_REVIEW_RETRY_BACKOFF_MS", 30_000, 1, 3_600_000);
  const shutdownGraceMs = number("AI_REVIEW_SHUTDOWN_GRACE_MS", 30_000, 0, 3_600_000);
  const lockMs = number("AI_REVIEW_QUEUE_LOCK_MS", 30_000, 100, 3_600_000);
  const stalledIntervalMs = number("AI_REVIEW_QUEUE_STALLED_INTERVAL_MS", 30_000, 50, 3_600_000);
  const timeoutMs = number("AI_REVIEW_REDIS_TIMEOUT_MS", 2_000, 10, 60_000);
  const prefix = env.AI_REVIEW_QUEUE_PREFIX?.trim() || "ai-review";
  if (problems.length > 0) throw new ConfigError(`ai-review serve cannot start:\n  - ${problems.join("\n  - ")}`);
  return { role: role!, redis: url ? { url, prefix, lockMs, stalledIntervalMs, timeoutMs } : null, retry: { attempts, backoffMs }, shutdownGraceMs };
}
