/**
 * Found: GitHub's X-GitHub-Delivery and GitLab's X-Gitlab-Event-UUID were claimed in one
 * namespace (`<prefix>:delivery:<id>` on Redis), so on a deployment serving both forges a
 * GitLab delivery whose UUID equalled an earlier GitHub delivery id (or the reverse) was
 * answered "duplicate delivery ignored" and its merge request never reviewed. Whoever holds
 * one forge's webhook secret could thereby silence the other forge's deliveries they can
 * see the ids of. Now each forge claims its ids under its own name.
 */
import { afterEach, expect, test } from "vitest";
import { mergeRequestHook } from "../support/gitlab-server/webhooks.js";
import { deletePrefix, testRedisUrl, uniquePrefix } from "../support/test-redis.js";
import { type GitLabHarness, startGitLabHarness } from "../serve/gitlab-serve-harness.js";
import { type Harness, pullRequestPayload, startHarness } from "../serve/serve-harness.js";

const redisUrl = testRedisUrl();
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

test.skipIf(!redisUrl)("a GitLab delivery with a GitHub delivery's id is not taken for its repeat, and the reverse", async () => {
  const prefix = uniquePrefix("adv10-ids");
  cleanups.push(() => deletePrefix(redisUrl!, prefix));
  // Web processes only: what matters is how each delivery is answered, not who reviews it.
  const shared = { REDIS_URL: redisUrl!, AI_REVIEW_QUEUE_PREFIX: prefix, AI_REVIEW_ROLE: "web" };
  const github: Harness = await startHarness({ env: shared });
  cleanups.push(() => github.close());
  const gitlab: GitLabHarness = await startGitLabHarness({ env: shared, work: async () => {} });
  cleanups.push(() => gitlab.close());

  const id = "0b4c7e10-5a1e-11ef-8f4b-3b1c2d4e5f60";
  expect((await github.send("pull_request", pullRequestPayload(github.pull, "opened"), { deliveryId: id })).body).not.toContain("duplicate");
  const answer = await gitlab.send(mergeRequestHook(gitlab.fixture.gitlab.url, gitlab.mr, { action: "open", user: "alice" }), { uuid: id });
  expect(answer.status).toBe(200);
  expect(answer.body.status).not.toMatch(/duplicate/);

  const other = "9f1d2c3b-5a1e-11ef-8f4b-000000000001";
  expect((await gitlab.send(mergeRequestHook(gitlab.fixture.gitlab.url, gitlab.mr, { action: "reopen", user: "alice" }), { uuid: other })).body.status).not.toMatch(/duplicate/);
  expect((await github.send("pull_request", pullRequestPayload(github.pull, "reopened"), { deliveryId: other })).body).not.toContain("duplicate");
  // A real repeat is still one.
  expect((await github.send("pull_request", pullRequestPayload(github.pull, "reopened"), { deliveryId: other })).body).toContain("duplicate");
});
