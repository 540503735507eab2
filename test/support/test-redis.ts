/**
 * The Redis the BullMQ tests run against: AI_REVIEW_TEST_REDIS_URL, which `.ci/run` sets to
 * a redis-server it starts on a loopback port. Without it the Redis tests are skipped on a
 * developer's machine, but never in CI (CI=true): there a missing Redis fails the run.
 */
import { Redis } from "ioredis";

export function testRedisUrl(): string | undefined {
  const url = process.env.AI_REVIEW_TEST_REDIS_URL?.trim();
  if (!url && process.env.CI === "true") {
    throw new Error("CI=true but AI_REVIEW_TEST_REDIS_URL is not set: the BullMQ tests need Redis (.ci/run starts one)");
  }
  return url || undefined;
}

let prefixes = 0;

/** A key prefix no other test (or test run) uses, so tests share one Redis without meeting. */
export function uniquePrefix(name: string): string {
  return `test-${name}-${process.pid}-${Date.now().toString(36)}-${++prefixes}`;
}

/** Deletes every key under `prefix`. */
export async function deletePrefix(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url);
  try {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 500);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
}
