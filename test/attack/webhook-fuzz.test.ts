/**
 * Webhook fuzzing on both forges' paths of `ai-review serve` (GitHub at
 * /api/github/webhooks, GitLab at /gitlab/webhook): a request that is not a well-formed,
 * authentic delivery of an event ai-review knows gets a 4xx and starts nothing: no job, no
 * call to the model, no call to the forge. A replayed delivery starts nothing either.
 */
import { sign } from "@octokit/webhooks-methods";
import { afterEach, describe, expect, it } from "vitest";
import { mergeRequestHook, webhookHeaders } from "../support/gitlab-server/webhooks.js";
import { startModelServer, type ModelServer } from "../support/model-server.js";
import { GITLAB_SECRET, startGitLabHarness, type GitLabHarness } from "../serve/gitlab-serve-harness.js";
import { pullRequestPayload, startHarness, WEBHOOK_SECRET, type Harness } from "../serve/serve-harness.js";

let github: Harness | undefined;
let gitlab: GitLabHarness | undefined;
let model: ModelServer | undefined;
afterEach(async () => {
  await github?.close();
  await gitlab?.close();
  await model?.close();
  github = gitlab = model = undefined;
});

interface Attempt {
  name: string;
  headers: Record<string, string>;
  body: string | Buffer;
}

/** Posts a raw request; a server that hangs up on an oversized body counts as a refusal (413). */
async function post(url: string, attempt: Attempt): Promise<number> {
  try {
    const response = await fetch(url, { method: "POST", headers: attempt.headers, body: attempt.body });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 413;
  }
}

const OVERSIZED = Buffer.alloc(26 * 1024 * 1024, 0x61);

describe("GitHub webhooks: nothing starts without an authentic delivery of a known event", () => {
  it("refuses each malformed request with a 4xx, and starts no job, model call or GitHub call", async () => {
    model = await startModelServer([]);
    github = await startHarness({ env: { OPENAI_BASE_URL: model.baseURL } });
    const h = github;
    const payload = JSON.stringify(pullRequestPayload(h.pull, "opened"));
    const base = (body: string, extra: Record<string, string> = {}) => ({
      "content-type": "application/json",
      "x-github-event": "pull_request",
      "x-github-delivery": `d-${Math.random()}`,
      "user-agent": "GitHub-Hookshot/test",
      ...extra,
    });
    const signed = async (body: string) => ({ "x-hub-signature-256": await sign(WEBHOOK_SECRET, body) });
    const malformed = "{\"action\": \"opened\", \"pull_request\": ";
    const attempts: Attempt[] = [
      { name: "no signature", headers: base(payload), body: payload },
      { name: "signature with another secret", headers: { ...base(payload), "x-hub-signature-256": await sign("not-the-secret", payload) }, body: payload },
      { name: "signature of another body", headers: { ...base(payload), ...(await signed(`${payload} `)) }, body: payload },
      { name: "signature not hex", headers: { ...base(payload), "x-hub-signature-256": "sha256=zz" }, body: payload },
      { name: "sha1 signature only", headers: { ...base(payload), "x-hub-signature": "sha1=0000000000000000000000000000000000000000" }, body: payload },
      { name: "no X-GitHub-Event", headers: { ...base(payload), ...(await signed(payload)), "x-github-event": "" }, body: payload },
      { name: "no X-GitHub-Delivery", headers: { ...base(payload), ...(await signed(payload)), "x-github-delivery": "" }, body: payload },
      { name: "form-encoded body", headers: { ...base(payload), "content-type": "application/x-www-form-urlencoded", ...(await signed(`payload=${encodeURIComponent(payload)}`)) }, body: `payload=${encodeURIComponent(payload)}` },
      { name: "text/plain body", headers: { ...base(payload), "content-type": "text/plain", ...(await signed(payload)) }, body: payload },
      { name: "malformed JSON, signed", headers: { ...base(malformed), ...(await signed(malformed)) }, body: malformed },
      { name: "JSON that is not an object, signed", headers: { ...base("[1,2]"), ...(await signed("[1,2]")) }, body: "[1,2]" },
      { name: "unknown event, signed", headers: { ...base(payload), ...(await signed(payload)), "x-github-event": "definitely_not_an_event" }, body: payload },
      { name: "oversized body", headers: { ...base("x"), "x-hub-signature-256": `sha256=${"0".repeat(64)}` }, body: OVERSIZED },
    ];
    const answers: Record<string, number> = {};
    for (const attempt of attempts) {
      for (const [name, value] of Object.entries(attempt.headers)) if (value === "") delete attempt.headers[name];
      answers[attempt.name] = await post(`${h.server.url}/api/github/webhooks`, attempt);
    }
    await h.server.queue.drain();
    const refusedWith4xx = Object.fromEntries(Object.entries(answers).map(([name, status]) => [name, status >= 400 && status < 500]));
    expect({ answers, refusedWith4xx }).toEqual({ answers, refusedWith4xx: Object.fromEntries(attempts.map((a) => [a.name, true])) });
    expect(h.runs).toHaveLength(0);
    expect(model.requests).toHaveLength(0);
    expect(h.github.requests).toHaveLength(0);
  });

  it("starts one job for a delivery replayed with its signature, and answers the replays without starting more", async () => {
    model = await startModelServer([]);
    github = await startHarness({ env: { OPENAI_BASE_URL: model.baseURL } });
    const payload = pullRequestPayload(github.pull, "opened");
    const first = await github.send("pull_request", payload, { deliveryId: "replayed-1" });
    const replays = [await github.send("pull_request", payload, { deliveryId: "replayed-1" }), await github.send("pull_request", payload, { deliveryId: "replayed-1" })];
    await github.server.queue.drain();
    expect(first.status).toBeLessThan(300);
    expect(replays.map((r) => r.status < 500)).toEqual([true, true]);
    expect(github.runs).toHaveLength(1);
  });

  it("answers an installation event 2xx and starts nothing", async () => {
    model = await startModelServer([]);
    github = await startHarness({ env: { OPENAI_BASE_URL: model.baseURL } });
    const answer = await github.send("installation", { action: "created", installation: { id: 77, account: { login: "acme" } }, sender: { login: "acme" } });
    await github.server.queue.drain();
    expect(answer.status).toBeGreaterThanOrEqual(200);
    expect(answer.status).toBeLessThan(300);
    expect(github.runs).toHaveLength(0);
  });
});

describe("GitLab webhooks: nothing starts without the secret token and a known event", () => {
  it("refuses each malformed request with a 4xx, and starts no job, model call or GitLab call", async () => {
    gitlab = await startGitLabHarness();
    const h = gitlab;
    const delivery = mergeRequestHook(h.fixture.gitlab.url, h.mr, { action: "open", user: "alice" });
    const payload = JSON.stringify(delivery.payload);
    const headers = (extra: Record<string, string | undefined> = {}) => {
      const all: Record<string, string | undefined> = { ...webhookHeaders(delivery, { token: GITLAB_SECRET }), ...extra };
      return Object.fromEntries(Object.entries(all).filter((entry): entry is [string, string] => entry[1] !== undefined));
    };
    const callsBefore = h.fixture.gitlab.requests.length;
    const attempts: Attempt[] = [
      { name: "no token", headers: headers({ "x-gitlab-token": undefined }), body: payload },
      { name: "wrong token", headers: headers({ "x-gitlab-token": "not-the-secret" }), body: payload },
      { name: "token with a different case", headers: headers({ "x-gitlab-token": GITLAB_SECRET.toUpperCase() }), body: payload },
      { name: "token as a prefix", headers: headers({ "x-gitlab-token": GITLAB_SECRET.slice(0, -1) }), body: payload },
      { name: "no X-Gitlab-Event", headers: headers({ "x-gitlab-event": undefined }), body: payload },
      { name: "no X-Gitlab-Event-UUID", headers: headers({ "x-gitlab-event-uuid": undefined }), body: payload },
      { name: "form-encoded body", headers: headers({ "content-type": "application/x-www-form-urlencoded" }), body: `payload=${encodeURIComponent(payload)}` },
      { name: "malformed JSON", headers: headers(), body: payload.slice(0, 40) },
      { name: "JSON that is not a hook", headers: headers(), body: "[1,2]" },
      { name: "unknown event", headers: headers({ "x-gitlab-event": "Definitely Not A Hook" }), body: payload },
      { name: "event name and payload disagree", headers: headers({ "x-gitlab-event": "Note Hook" }), body: payload },
      { name: "oversized body", headers: headers(), body: OVERSIZED },
    ];
    const answers: Record<string, number> = {};
    for (const attempt of attempts) answers[attempt.name] = await post(`${h.server.url}/gitlab/webhook`, attempt);
    await h.server.queue.drain();
    const refusedWith4xx = Object.fromEntries(Object.entries(answers).map(([name, status]) => [name, status >= 400 && status < 500]));
    expect({ answers, refusedWith4xx }).toEqual({ answers, refusedWith4xx: Object.fromEntries(attempts.map((a) => [a.name, true])) });
    expect(h.runs).toHaveLength(0);
    expect(h.model.requests).toHaveLength(0);
    expect(h.fixture.gitlab.requests.length).toBe(callsBefore);
  });

  it("starts one job for a delivery replayed with its token and UUID", async () => {
    gitlab = await startGitLabHarness({ holdJobs: true });
    const delivery = mergeRequestHook(gitlab.fixture.gitlab.url, gitlab.mr, { action: "open", user: "alice" });
    const first = await gitlab.send(delivery, { uuid: "same-uuid" });
    const replays = [await gitlab.send(delivery, { uuid: "same-uuid" }), await gitlab.send(delivery, { uuid: "same-uuid" })];
    expect(first.status).toBe(200);
    expect(replays.map((r) => r.status < 500)).toEqual([true, true]);
    expect(gitlab.runs).toHaveLength(1);
  });
});
