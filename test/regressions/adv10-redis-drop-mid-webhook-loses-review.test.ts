/**
 * Found: `ai-review serve` on Redis checked Redis (`ping`) only before a webhook started.
 * When Redis went away after the delivery id was claimed (SET NX), the enqueue hung
 * (BullMQ's connection queues commands until Redis is back; a dead link answers nothing),
 * Probot answered 202 "still processing" after 9 s, the claim was never released, and the
 * forge's redelivery was ignored as a duplicate: a review silently lost. Now a webhook's
 * Redis calls are bounded (AI_REVIEW_REDIS_TIMEOUT_MS): the webhook is answered 503, the
 * claim is released once Redis is back, and the redelivery is reviewed, once.
 *
 * Between serve and Redis sits a loopback TCP link the test cuts right after Redis has
 * answered the claim: from then on nothing passes either way (a partition, not a refusal),
 * until the test restores it, which drops the dead connections so that ioredis reconnects.
 */
import { createConnection, createServer, type AddressInfo, type Server, type Socket } from "node:net";
import { Redis } from "ioredis";
import { afterEach, expect, test } from "vitest";
import { deletePrefix, testRedisUrl, uniquePrefix } from "../support/test-redis.js";
import { type Harness, pullRequestPayload, startHarness } from "../serve/serve-harness.js";

const redisUrl = testRedisUrl();
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface RedisLink {
  url: string;
  /** Cuts the link once Redis has answered the next command that claims a delivery id. */
  cutAfterClaim(): void;
  restore(): void;
  close(): Promise<void>;
}

async function redisLink(target: string): Promise<RedisLink> {
  const { hostname, port } = new URL(target);
  let state: "open" | "armed" | "cutting" | "cut" = "open";
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = createConnection({ host: hostname, port: Number(port) });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("error", () => {});
      socket.on("close", () => {
        sockets.delete(socket);
        (socket === client ? upstream : client).destroy();
      });
    }
    client.on("data", (chunk: Buffer) => {
      if (state === "cut") return;
      if (state === "armed" && chunk.includes(":delivery:") && chunk.includes("NX")) state = "cutting";
      upstream.write(chunk);
    });
    upstream.on("data", (chunk: Buffer) => {
      if (state === "cut") return;
      client.write(chunk);
      if (state === "cutting") state = "cut";
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  return {
    url: `redis://127.0.0.1:${(server.address() as AddressInfo).port}`,
    cutAfterClaim: () => void (state = "armed"),
    restore() {
      state = "open";
      for (const socket of sockets) socket.destroy();
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

test.skipIf(!redisUrl)("Redis lost after the claim: 503 at once, and the redelivery is reviewed once", async () => {
  const prefix = uniquePrefix("adv10-redis-drop");
  cleanups.push(() => deletePrefix(redisUrl!, prefix));
  const link = await redisLink(redisUrl!);
  cleanups.push(() => link.close());
  const h: Harness = await startHarness({ env: { REDIS_URL: link.url, AI_REVIEW_QUEUE_PREFIX: prefix, AI_REVIEW_REDIS_TIMEOUT_MS: "300" } });
  cleanups.push(() => h.close());
  const redis = new Redis(redisUrl!);
  cleanups.push(async () => void redis.disconnect());
  const claim = `${prefix}:delivery:github:drop-1`;

  link.cutAfterClaim();
  const started = Date.now();
  const lost = await h.send("pull_request", pullRequestPayload(h.pull, "opened"), { deliveryId: "drop-1" });
  expect(lost.status).toBe(503);
  // Bounded by the timeout (twice: the enqueue, then the release), far from Probot's 9 s.
  expect(Date.now() - started).toBeLessThan(5_000);
  expect(await redis.exists(claim)).toBe(1);

  link.restore();
  // Once Redis is back the claim that could not be released is, for any web process.
  while (await redis.exists(claim)) await new Promise((resolve) => setTimeout(resolve, 20));
  const again = await h.send("pull_request", pullRequestPayload(h.pull, "opened"), { deliveryId: "drop-1" });
  expect(again.status).toBe(200);
  await h.runsStarted(1);
  await h.server.queue.drain();
  const repeat = await h.send("pull_request", pullRequestPayload(h.pull, "opened"), { deliveryId: "drop-1" });
  expect(repeat.body).toContain("duplicate");
  await h.server.queue.drain();
  expect(h.runs.map((run) => run.job.key)).toEqual(["github:acme/widgets#1"]);
}, 30_000);
