/**
 * A signed GitHub delivery of an event name GitHub does not have, or whose body is JSON but
 * not an object, was answered 200; so was a GitLab delivery with the right token and an
 * event name GitLab does not have. Such a request is no delivery of the forge's: 400. The
 * forges' own events that ai-review does not act on (installation, Push Hook) stay 2xx.
 */
import { sign } from "@octokit/webhooks-methods";
import { afterEach, expect, it } from "vitest";
import { mergeRequestHook, webhookHeaders } from "../support/gitlab-server/webhooks.js";
import { GITLAB_SECRET, startGitLabHarness, type GitLabHarness } from "../serve/gitlab-serve-harness.js";
import { startHarness, WEBHOOK_SECRET, type Harness } from "../serve/serve-harness.js";

let github: Harness | undefined;
let gitlab: GitLabHarness | undefined;
afterEach(async () => {
  await github?.close();
  await gitlab?.close();
  github = gitlab = undefined;
});

it("GitHub: an unknown event name or a body that is not an object gets 400; installation gets 2xx", async () => {
  github = await startHarness();
  const post = async (event: string, body: string) =>
    (
      await fetch(`${github!.server.url}/api/github/webhooks`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-github-event": event, "x-github-delivery": `d-${event}-${body.length}`, "x-hub-signature-256": await sign(WEBHOOK_SECRET, body) },
        body,
      })
    ).status;
  expect(await post("not_an_event", "{}")).toBe(400);
  expect(await post("pull_request", "[]")).toBe(400);
  expect(await post("pull_request", "null")).toBe(400);
  const installation = await post("installation", JSON.stringify({ action: "created", installation: { id: 77 } }));
  expect(installation >= 200 && installation < 300).toBe(true);
  expect(github.runs).toHaveLength(0);
});

it("GitLab: an unknown event name gets 400; a Push Hook is answered 200 and ignored", async () => {
  gitlab = await startGitLabHarness();
  const delivery = mergeRequestHook(gitlab.fixture.gitlab.url, gitlab.mr, { action: "open", user: "alice" });
  const post = async (event: string) =>
    (await fetch(`${gitlab!.server.url}/gitlab/webhook`, { method: "POST", headers: { ...webhookHeaders(delivery, { token: GITLAB_SECRET }), "x-gitlab-event": event }, body: JSON.stringify(delivery.payload) })).status;
  expect(await post("Made Up Hook")).toBe(400);
  expect(await post("Push Hook")).toBe(200);
  expect(gitlab.runs).toHaveLength(0);
});
