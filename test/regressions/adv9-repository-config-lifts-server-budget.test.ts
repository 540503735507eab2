/**
 * Regression: in `ai-review serve` the server pays for every review, yet a repository's
 * `.ai-review.yml` set `budget` and `prices`: it could lift any budget, or price the
 * server's model as `free` so that a dollar budget never held and the cost read $0. And the
 * server had no way to set a budget at all. Now `budget` and `prices` are the server's
 * (AI_REVIEW_BUDGET_USD, AI_REVIEW_BUDGET_TOKENS, AI_REVIEW_PRICES); a repository's are ignored.
 */
import { afterEach, expect, test } from "vitest";
import { reviewPullRequest } from "../../src/entries/serve/review-pull-request.js";
import { unspacedThrottleGroups } from "../support/github-server/test-octokit.js";
import { reply, startModelServer, type ModelServer } from "../support/model-server.js";
import { type Harness, pullRequestPayload, startHarness } from "../serve/serve-harness.js";

let h: Harness | undefined;
let model: ModelServer | undefined;
afterEach(async () => {
  await h?.close();
  await model?.close();
  h = model = undefined;
});

/** A repository that would spend without limit, on the server's model, which it calls free. */
const GREEDY_CONFIG = "budget: { usd: 100000, tokens: 1000000000 }\nprices:\n  gpt-4o: free\n";

async function review(serverEnv: Record<string, string>): Promise<string> {
  model = await startModelServer(() => reply.content(JSON.stringify({ summary: "Checked.", comments: [] }), { usage: { prompt_tokens: 1_000, completion_tokens: 100 } }));
  const env = { OPENAI_BASE_URL: model.baseURL, AI_REVIEW_MODEL: "gpt-4o", ...serverEnv };
  const started: Harness = await startHarness({
    env,
    baseFiles: { ".ai-review.yml": GREEDY_CONFIG },
    work: (job, octokit, log, app) =>
      reviewPullRequest({
        env: { ...env, GITHUB_API_URL: started.github.url, OPENAI_API_KEY: "sk-test" },
        throttle: { ...unspacedThrottleGroups(), retryAfterBaseValue: 1 },
        retry: { retryAfterBaseValue: 1 },
        sleep: async () => {},
      })(job, octokit, log, app),
  });
  h = started;
  await h.send("pull_request", pullRequestPayload(h.pull, "opened"));
  await h.server.queue.drain();
  expect(h.logs.records().filter((r) => r.msg === "review failed")).toEqual([]);
  return h.pull.issueComments[0]!.body;
}

test("the server's dollar budget holds: the repository cannot price the model as free", async () => {
  // At gpt-4o's built-in price the one part would reserve about $0.04 (its prompt and its
  // 4,096-token output cap); priced free by the repository, it would reserve nothing.
  const summary = await review({ AI_REVIEW_BUDGET_USD: "0.01" });

  expect(model!.requests).toHaveLength(0);
  expect(summary).toContain("This review stopped at its budget of $0.01");
  expect(summary).toContain("`app.txt`: not reviewed: over the review budget of $0.01");
});

test("the cost is at the server's prices, not the repository's", async () => {
  const summary = await review({ AI_REVIEW_BUDGET_USD: "1" });
  expect(model!.requests).toHaveLength(1);
  // 1,000 + 100 tokens at gpt-4o's built-in $2.50 and $10 per million.
  expect(summary).toContain("about $0.0035");

  await h!.close();
  await model!.close();
  const priced = await review({ AI_REVIEW_PRICES: '{"gpt-4o": {"input": 100, "output": 100}}', AI_REVIEW_BUDGET_USD: "1" });
  expect(priced).toContain("about $0.11");
});
