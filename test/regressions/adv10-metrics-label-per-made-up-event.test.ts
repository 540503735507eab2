/**
 * Found: /metrics labelled each delivery with its raw X-GitHub-Event / X-Gitlab-Event
 * header, counted before the request is verified. Every distinct value is a series kept for
 * the life of the process, so anyone who can reach the webhook URL could grow /metrics and
 * the server's memory without end (and fill it with whatever text they liked). Now a name
 * the forges do not have is counted as `other`.
 */
import { afterEach, expect, test } from "vitest";
import { type Harness, pullRequestPayload, startHarness } from "../serve/serve-harness.js";

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

test("unsigned deliveries with made-up event names add no series to /metrics", async () => {
  h = await startHarness();
  for (let i = 0; i < 30; i++) {
    const made = `evil_${i}_secret_name`;
    expect((await h.send(made, { zen: i }, { signature: null })).status).toBe(401);
  }
  const gitlab = await fetch(`${h.server.url}/gitlab/webhook`, { method: "POST", headers: { "x-gitlab-event": "Made Up Hook 1" }, body: "{}" });
  expect(gitlab.status).toBe(404);
  expect((await h.send("pull_request", pullRequestPayload(h.pull, "opened"))).status).toBe(200);
  await h.server.queue.drain();

  const text = await (await fetch(`${h.server.url}/metrics`)).text();
  const series = text.split("\n").filter((line) => line.startsWith("ai_review_deliveries_total{"));
  expect(text).not.toContain("evil_");
  expect(text).not.toContain("Made Up");
  expect(series.sort()).toEqual([
    'ai_review_deliveries_total{event="other",outcome="refused"} 31',
    'ai_review_deliveries_total{event="pull_request",outcome="handled"} 1',
  ]);
});
