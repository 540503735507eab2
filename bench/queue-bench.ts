/**
 * `npm run bench -- queue`: `ai-review serve` on Redis, as deployed (the built bin, one
 * process per role; `npm run build` first).
 *
 * 1. Reviews per minute with 1, 2 and 4 worker processes (one review at a time each)
 *    against the loopback model answering after a fixed latency, and the loopback GitHub
 *    server: scaling is good when 2 and 4 workers do at least 0.9 x 2 and 4 times one.
 * 2. The web role's answer time (p50, p99) while 500 reviews wait in the queue and no
 *    worker runs: a web process only verifies and enqueues (target p99 < 50 ms).
 *
 * Redis: AI_REVIEW_TEST_REDIS_URL or REDIS_URL, else a redis-server started here on a free
 * loopback port (and stopped after).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { sign } from "@octokit/webhooks-methods";
import { Redis } from "ioredis";
import { createRepo } from "../test/support/git-repo.js";
import { startGitHubServer, type TestPullRequest } from "../test/support/github-server/index.js";
import { reply, startModelServer } from "../test/support/model-server.js";
import { APP_ID, INSTALLATION_ID, pullRequestPayload, testKeys, WEBHOOK_SECRET } from "../test/serve/serve-harness.js";
import { assertFreshBuild, type ServeProcess, redisServeEnv, startServeProcess } from "../test/serve/serve-process.js";

const MODEL_LATENCY_MS = 1_500;
const REVIEWS_PER_WORKER = 8;
const QUEUED = 500;
const TIMED = 500;

export async function benchQueue(): Promise<void> {
  assertFreshBuild();
  const redis = await redisForBench();
  const github = await startGitHubServer();
  const git = createRepo();
  const model = await startModelServer((request) => {
    const prompt = request.body.messages.map((m) => m.content).join("\n");
    if (prompt.startsWith("Write the overall summary")) return reply.json({ summary: "Fine." }, { delayMs: MODEL_LATENCY_MS });
    return reply.json({ summary: "Checked.", comments: [{ path: "app.txt", line: 2, severity: "minor", title: "Spell", body: "Spell it out." }] }, { delayMs: MODEL_LATENCY_MS });
  });
  const processes: ServeProcess[] = [];
  try {
    git.write("app.txt", "one\ntwo\n");
    const base = git.commit("base");
    git.git("checkout", "-q", "-b", "fix");
    git.write("app.txt", "one\n2\n");
    git.commit("fix");
    const repository = github.addRepository({ owner: "acme", name: "widgets", git });
    const keys = testKeys();
    github.addApp({ id: APP_ID, slug: "ai-review", publicKey: keys.publicKey });
    github.addInstallation({ id: INSTALLATION_ID, appId: APP_ID, account: "acme" });
    const pulls: TestPullRequest[] = [];
    for (let i = 1; i <= REVIEWS_PER_WORKER * (1 + 2 + 4); i++) pulls.push(repository.addPullRequest({ number: i, title: `Pull ${i}`, author: "alice", base: { ref: "main", sha: base }, head: { ref: "fix" } }));

    const env = (prefix: string) => ({
      ...redisServeEnv({ privateKey: keys.privateKey, githubUrl: github.url, modelUrl: model.baseURL, redisUrl: redis.url, prefix }),
      LOG_LEVEL: "info",
    });
    const deliver = async (web: ServeProcess, payload: object, id: string): Promise<number> => {
      const body = JSON.stringify(payload);
      const started = performance.now();
      const response = await fetch(`${web.url}/api/github/webhooks`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-github-event": "pull_request", "x-github-delivery": id, "x-hub-signature-256": await sign(WEBHOOK_SECRET, body) },
        body,
      });
      await response.text();
      if (response.status !== 200) throw new Error(`delivery ${id} answered ${response.status}`);
      return performance.now() - started;
    };

    console.log(`\n== serve on Redis: reviews per minute (model answers after ${MODEL_LATENCY_MS} ms; one review at a time per worker) ==`);
    let next = 0;
    const rates: number[] = [];
    for (const workers of [1, 2, 4]) {
      const prefix = `bench-${process.pid}-${workers}`;
      const web = await startServeProcess(["--role", "web"], env(prefix));
      const pool = await Promise.all(Array.from({ length: workers }, () => startServeProcess(["--role", "worker", "--concurrency", "1"], env(prefix))));
      processes.push(web, ...pool);
      const batch = pulls.slice(next, next + REVIEWS_PER_WORKER * workers);
      next += batch.length;
      const started = performance.now();
      await Promise.all(batch.map((pull) => deliver(web, pullRequestPayload(pull, "opened"), `bench-${workers}-${pull.number}`)));
      await drained(redis.url, prefix);
      const minutes = (performance.now() - started) / 60_000;
      const rate = batch.length / minutes;
      rates.push(rate);
      const published = batch.filter((pull) => pull.reviews.length === 1).length;
      console.log(`${workers} worker(s): ${batch.length} reviews in ${(minutes * 60).toFixed(1)} s = ${rate.toFixed(1)} reviews/min (${published}/${batch.length} published)`);
      for (const p of [web, ...pool]) await stop(p);
    }
    console.log(`scaling: 2 workers ${(rates[1]! / rates[0]! / 2).toFixed(2)} x linear, 4 workers ${(rates[2]! / rates[0]! / 4).toFixed(2)} x linear (target >= 0.9)`);

    console.log(`\n== web role answer time with ${QUEUED} reviews queued (no worker running) ==`);
    const prefix = `bench-${process.pid}-web`;
    const web = await startServeProcess(["--role", "web"], env(prefix));
    processes.push(web);
    const fakePull = (n: number) => Object.assign(Object.create(pulls[0]!), { number: n }) as TestPullRequest;
    for (let i = 0; i < QUEUED; i += 25) await Promise.all(Array.from({ length: 25 }, (_, j) => deliver(web, pullRequestPayload(fakePull(1000 + i + j), "opened"), `fill-${i + j}`)));
    const times: number[] = [];
    // One at a time: the answer time of a delivery, not the wait behind other senders'.
    for (let i = 0; i < TIMED; i++) times.push(await deliver(web, pullRequestPayload(fakePull(5000 + (i % 50)), "synchronize"), `timed-${i}`));
    const counter = new Redis(redis.url);
    const waiting = await counter.hlen(`${prefix}:change:pending`);
    counter.disconnect();
    times.sort((a, b) => a - b);
    const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
    console.log(`${TIMED} deliveries answered with ${waiting} reviews waiting: p50 ${at(0.5).toFixed(1)} ms, p99 ${at(0.99).toFixed(1)} ms (target p99 < 50 ms)`);
    await stop(web);
  } finally {
    for (const p of processes) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill("SIGKILL");
    await model.close();
    await github.close();
    git.cleanup();
    await redis.stop();
  }
}

async function drained(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url);
  try {
    while ((await redis.hlen(`${prefix}:change:state`)) > 0) await new Promise((resolve) => setTimeout(resolve, 50));
  } finally {
    redis.disconnect();
  }
}

async function stop(p: ServeProcess): Promise<void> {
  p.child.kill("SIGTERM");
  await p.exited;
}

async function redisForBench(): Promise<{ url: string; stop: () => Promise<void> }> {
  const given = process.env.AI_REVIEW_TEST_REDIS_URL || process.env.REDIS_URL;
  if (given) return { url: given, stop: async () => {} };
  const port = await new Promise<number>((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
  const dir = mkdtempSync(path.join(tmpdir(), "ai-review-bench-redis-"));
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir], { stdio: "ignore" });
  const url = `redis://127.0.0.1:${port}`;
  const probe = new Redis(url, { lazyConnect: true, retryStrategy: () => 50 });
  await probe.connect().catch(() => {});
  await probe.ping();
  probe.disconnect();
  return {
    url,
    stop: async () => {
      child.kill("SIGTERM");
      await new Promise((resolve) => child.once("exit", resolve));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
