/**
 * What `ai-review serve` adds for running at scale, seen from outside: `/readyz` and
 * `/metrics`, 503 while Redis is away (the forge delivers again), the roles, and a review
 * that fails every attempt reported on the pull request instead of dropped.
 */
import { createServer } from "node:net";
import { afterEach, describe, expect, test } from "vitest";
import { reportPullRequestFailure } from "../../src/entries/serve/review-pull-request.js";
import { FAILURE_MARKER } from "../../src/forges/failure-note.js";
import { ConfigError } from "../../src/config.js";
import { startServer } from "../../src/entries/serve/start-server.js";
import { unspacedThrottleGroups } from "../support/github-server/test-octokit.js";
import { deletePrefix, testRedisUrl, uniquePrefix } from "../support/test-redis.js";
import { capturedLogger, type Harness, type HarnessOptions, pullRequestPayload, startHarness, testKeys, WEBHOOK_SECRET } from "./serve-harness.js";

let h: Harness | undefined;
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await h?.close();
  h = undefined;
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

const metricLine = (text: string, name: string) => text.split("\n").find((line) => line.startsWith(name))?.split(" ").pop();

async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe("ai-review serve: readiness and metrics", () => {
  test("/readyz is 200 with the in-process queue; /metrics counts deliveries by outcome, reviews and the queue", async () => {
    h = await startHarness();
    expect((await fetch(`${h.server.url}/readyz`)).status).toBe(200);
    await h.send("pull_request", pullRequestPayload(h.pull, "opened"), { deliveryId: "m-1" });
    await h.send("pull_request", pullRequestPayload(h.pull, "opened"), { deliveryId: "m-1" });
    await h.send("pull_request", pullRequestPayload(h.pull, "opened"), { signature: "sha256=" + "0".repeat(64) });
    await h.server.queue.drain();
    const response = await fetch(`${h.server.url}/metrics`);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
    const text = await response.text();
    expect(metricLine(text, 'ai_review_deliveries_total{event="pull_request",outcome="handled"}')).toBe("1");
    expect(metricLine(text, 'ai_review_deliveries_total{event="pull_request",outcome="duplicate"}')).toBe("1");
    expect(metricLine(text, 'ai_review_deliveries_total{event="pull_request",outcome="refused"}')).toBe("1");
    expect(metricLine(text, 'ai_review_review_duration_seconds_count{forge="github",outcome="published"}')).toBe("1");
    expect(metricLine(text, 'ai_review_queue_jobs{state="waiting"}')).toBe("0");
    expect(text).toContain("# TYPE ai_review_model_tokens_total counter");
  });

  test("Redis unreachable: webhooks get 503 and the log says why; /readyz 503, /healthz 200", async () => {
    h = await startHarness({ env: { REDIS_URL: `redis://127.0.0.1:${await closedPort()}` } });
    const answer = await h.send("pull_request", pullRequestPayload(h.pull, "opened"));
    expect(answer.status).toBe(503);
    expect(h.logs.records().some((r) => r.level === 50 && /webhook answered 503.*Redis at 127\.0\.0\.1/.test(String(r.msg)))).toBe(true);
    expect((await fetch(`${h.server.url}/readyz`)).status).toBe(503);
    expect((await fetch(`${h.server.url}/healthz`)).status).toBe(200);
    expect(h.runs).toEqual([]);
  }, 20_000);
});

describe("ai-review serve: roles", () => {
  test("--role web or worker without REDIS_URL refuses to start, saying what to set", async () => {
    const keys = testKeys();
    const env = { APP_ID: "1", PRIVATE_KEY: keys.privateKey, WEBHOOK_SECRET, PORT: "0", HOST: "127.0.0.1" };
    const logger = capturedLogger().logger;
    for (const role of ["web", "worker"]) {
      await expect(startServer({ env, role, logger, runJob: async () => {} })).rejects.toThrow(ConfigError);
      await expect(startServer({ env, role, logger, runJob: async () => {} })).rejects.toThrow(/set REDIS_URL/);
    }
    await expect(startServer({ env, role: "boss", logger, runJob: async () => {} })).rejects.toThrow(/must be one of web, worker, all/);
  });

  const redisUrl = testRedisUrl();
  test.skipIf(!redisUrl)("a worker answers webhooks 404 and runs what a web process queued", async () => {
    const prefix = uniquePrefix("roles");
    cleanups.push(() => deletePrefix(redisUrl!, prefix));
    const shared: HarnessOptions["env"] = { REDIS_URL: redisUrl!, AI_REVIEW_QUEUE_PREFIX: prefix };
    h = await startHarness({ env: { ...shared, AI_REVIEW_ROLE: "web" }, work: async () => {} });
    const worker = await startHarness({ env: { ...shared, AI_REVIEW_ROLE: "worker" }, work: async () => {} });
    cleanups.push(() => worker.close());
    expect((await worker.send("pull_request", pullRequestPayload(worker.pull, "opened"))).status).toBe(404);
    expect((await h.send("pull_request", pullRequestPayload(h.pull, "opened"))).status).toBe(200);
    await worker.runsStarted(1);
    await h.server.queue.drain();
    expect(h.runs).toEqual([]);
    expect(worker.runs.map((run) => run.job.key)).toEqual(["github:acme/widgets#1"]);
  });
});

describe("ai-review serve: a review that keeps failing", () => {
  test("is tried the set number of times, then reported on the pull request in one failure note", async () => {
    let url = "";
    h = await startHarness({
      env: { AI_REVIEW_REVIEW_ATTEMPTS: "2", AI_REVIEW_RETRY_BACKOFF_MS: "1" },
      work: async () => {
        throw new Error("model gateway unreachable");
      },
      reportFailure: (job, octokit, log, app, failure) =>
        reportPullRequestFailure({ env: { GITHUB_API_URL: url }, throttle: { ...unspacedThrottleGroups(), retryAfterBaseValue: 1 }, retry: { retryAfterBaseValue: 1 } })(job, octokit, log, app, failure),
    });
    url = h.github.url;
    await h.send("pull_request", pullRequestPayload(h.pull, "opened"));
    await h.server.queue.drain();
    await h.send("pull_request", pullRequestPayload(h.pull, "synchronize"));
    await h.server.queue.drain();
    expect(h.runs).toHaveLength(4);
    expect(h.logs.records().filter((r) => r.msg === "review failed")).toHaveLength(2);
    const notes = h.pull.issueComments;
    expect(notes).toHaveLength(1);
    expect(notes[0]!.user.login).toBe("ai-review[bot]");
    expect(notes[0]!.body.startsWith(FAILURE_MARKER)).toBe(true);
    expect(notes[0]!.body).toContain("could not review the latest changes (2 attempts): model gateway unreachable");
  });
});
