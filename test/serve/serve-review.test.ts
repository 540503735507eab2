/**
 * `ai-review serve` end to end: signed webhooks over HTTP, the production review job
 * (GitHub source and publisher, the shared flow) against the loopback GitHub server and
 * the loopback model. What a pull request's author sees: one review with comments on valid
 * lines and one summary, then only what is new, and nothing from people who may not ask.
 */
import { afterEach, describe, expect, test } from "vitest";
import { readSummaryMarker } from "../../src/core/review-marker.js";
import { reviewPullRequest } from "../../src/entries/serve/review-pull-request.js";
import { fault } from "../support/github-server/index.js";
import { unspacedThrottleGroups } from "../support/github-server/test-octokit.js";
import { reply, startModelServer, type ModelServer } from "../support/model-server.js";
import { commentPayload, type Harness, pullRequestPayload, startHarness } from "./serve-harness.js";

let h: Harness | undefined;
let model: ModelServer | undefined;
afterEach(async () => {
  await h?.close();
  await model?.close();
  h = model = undefined;
});

/** The model finds the same thing on line 2 of app.txt each time it sees the file. */
async function start(baseFiles: Record<string, string> = {}, extraEnv: Record<string, string> = {}): Promise<Harness> {
  model = await startModelServer((request) => {
    const prompt = request.body.messages.map((m) => m.content).join("\n");
    if (prompt.startsWith("Write the overall summary")) return reply.json({ summary: "Overall fine." });
    const comments = prompt.includes("app.txt") ? [{ path: "app.txt", line: 2, severity: "minor", title: "Spell it out", body: "Write `two`." }] : [];
    const more = prompt.includes("extra.txt") ? [{ path: "extra.txt", line: 1, severity: "minor", title: "Name", body: "A better name." }] : [];
    return reply.json({ summary: "Checked.", comments: [...comments, ...more] });
  });
  const env = { OPENAI_BASE_URL: model.baseURL, AI_REVIEW_MODEL: "m", ...extraEnv };
  const started: Harness = await startHarness({
    env,
    baseFiles,
    work: (job, octokit, log, app) =>
      reviewPullRequest({
        env: { ...env, GITHUB_API_URL: started.github.url, OPENAI_API_KEY: "sk-test" },
        throttle: { ...unspacedThrottleGroups(), retryAfterBaseValue: 1 },
        retry: { retryAfterBaseValue: 1 },
        sleep: async () => {},
      })(job, octokit, log, app),
  });
  return started;
}

const modelCalls = () => model!.requests.length;

describe("ai-review serve reviews pull requests end to end", () => {
  test("opened: one review with its comment on a valid line, one summary with the state", async () => {
    h = await start();
    await h.send("pull_request", pullRequestPayload(h.pull, "opened"));
    await h.server.queue.drain();
    expect(h.logs.records().filter((r) => r.msg === "review failed")).toEqual([]);
    expect(h.pull.reviews).toHaveLength(1);
    expect(h.pull.reviewComments.map((c) => [c.path, c.line, c.side, c.user.login])).toEqual([["app.txt", 2, "RIGHT", "ai-review[bot]"]]);
    expect(h.pull.issueComments).toHaveLength(1);
    expect(readSummaryMarker(h.pull.issueComments[0]!.body)).toMatchObject({ head: h.head });
  });

  test("a push: only the new finding is posted, the summary is edited in place", async () => {
    h = await start();
    await h.send("pull_request", pullRequestPayload(h.pull, "opened"));
    await h.server.queue.drain();
    h.git.write("extra.txt", "x\n");
    const next = h.git.commit("extra");
    h.pull.push(next);
    await h.send("pull_request", pullRequestPayload(h.pull, "synchronize", next));
    await h.server.queue.drain();
    expect(h.pull.reviewComments.map((c) => c.path)).toEqual(["app.txt", "extra.txt"]);
    expect(h.pull.issueComments).toHaveLength(1);
    expect(readSummaryMarker(h.pull.issueComments[0]!.body)).toMatchObject({ head: next });
  });

  test("/review full from a collaborator: an eyes reaction and a full review; from an outsider: one reply, no model call", async () => {
    h = await start();
    const asked = h.pull.addIssueComment("bob", "/review full");
    await h.send("issue_comment", commentPayload(h.pull, asked));
    await h.server.queue.drain();
    expect(h.github.requestsTo("POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions").map((r) => r.body)).toEqual([{ content: "eyes" }]);
    expect(h.pull.reviews).toHaveLength(1);
    const calls = modelCalls();

    const stranger = h.pull.addIssueComment("mallory", "/review full");
    await h.send("issue_comment", commentPayload(h.pull, stranger, { association: "NONE" }));
    await h.server.queue.drain();
    expect(modelCalls()).toBe(calls);
    const replies = h.pull.issueComments.filter((c) => c.user.login === "ai-review[bot]" && c.body.includes("only repository owners"));
    expect(replies).toHaveLength(1);
  });

  test("the gateway hears the repository, the pull request, the head, the trigger and the version", async () => {
    h = await start({}, { AI_REVIEW_GATEWAY: "cloudflare" });
    await h.send("pull_request", pullRequestPayload(h.pull, "opened"));
    const comment = h.pull.addIssueComment("bob", "/review full");
    await h.server.queue.drain();
    await h.send("issue_comment", commentPayload(h.pull, comment));
    await h.server.queue.drain();
    expect(h.logs.records().filter((r) => r.msg === "review failed")).toEqual([]);
    const metadata = model!.requests.map((r) => JSON.parse(String(r.headers["cf-aig-metadata"])) as Record<string, string>);
    const version = expect.stringMatching(/^\d+\.\d+\.\d+/);
    expect(metadata[0]).toEqual({ repository: "acme/widgets", change: "1", head: h.head, trigger: "pull_request.opened", version });
    expect(metadata.at(-1)).toEqual({ repository: "acme/widgets", change: "1", head: h.head, trigger: "comment", version });
  });

  test("a 422 on the review still publishes every finding, inline or in the summary", async () => {
    h = await start();
    h.github.inject("POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews", fault.reviewLineNotInDiff());
    await h.send("pull_request", pullRequestPayload(h.pull, "opened"));
    await h.server.queue.drain();
    const summary = h.pull.issueComments[0]!.body;
    const inline = h.pull.reviewComments.map((c) => c.path);
    expect(inline.length + (summary.includes("Could not be posted inline") ? 1 : 0)).toBe(1);
  });

  test("a secondary rate limit on the summary is waited out", async () => {
    h = await start();
    h.github.inject("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", fault.secondaryRateLimit({ retryAfter: 1 }));
    await h.send("pull_request", pullRequestPayload(h.pull, "opened"));
    await h.server.queue.drain();
    expect(h.pull.issueComments).toHaveLength(1);
    expect(h.logs.records().filter((r) => r.msg === "review failed")).toEqual([]);
  });

  test("a repository's config cannot send the server's key elsewhere, nor its environment as headers", async () => {
    h = await start({
      ".ai-review.yml": "base_url: http://127.0.0.1:9/v1\napi_key: sk-repo\nheaders:\n  x-leak:\n    env: PRIVATE_KEY\n",
    });
    await h.send("pull_request", pullRequestPayload(h.pull, "opened"));
    await h.server.queue.drain();
    expect(h.logs.records().filter((r) => r.msg === "review failed")).toEqual([]);
    expect(h.pull.reviews).toHaveLength(1);
    expect(model!.requests.length).toBeGreaterThan(0);
    for (const request of model!.requests) {
      expect(request.headers["x-leak"]).toBeUndefined();
      expect(request.headers.authorization).toBe("Bearer sk-test");
    }
  });
});
