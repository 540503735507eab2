/**
 * Regression: `ai-review plan` said "Estimated cost: at most $X ... so the total is an upper
 * bound", and the review of the same change could cost more. The summary pass's prompt was
 * counted without the part summaries and findings it carries, and the estimate priced every
 * call at the first model, though a part may fall back to a dearer one. Now the summary
 * pass counts what it may carry (the parts' answers, each at most the output cap), and a
 * plan whose calls may fall back says what they would cost at the dearest model.
 *
 * The loopback model reports the prompt tokens the plan counts (the same tokenizer, the
 * same framing) and answers every call with its whole output cap: the worst case the
 * estimate must bound.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { countTokens } from "../../src/core/count-tokens.js";
import type { PlanReport } from "../../src/core/render-plan.js";
import type { Review } from "../../src/core/review-result.js";
import { createRepo, type Repo } from "../support/git-repo.js";
import { reply, startModelServer, type RecordedRequest } from "../support/model-server.js";
import { runCli } from "../support/run-cli.js";

const CAP = 300;
/** A part's answer as long as the cap allows: its summary, which the summary pass carries, fills it. */
const LONG_ANSWER = (() => {
  const words: string[] = [];
  const answer = () => JSON.stringify({ summary: words.join(" "), comments: [] });
  while (countTokens(answer()) < CAP - 5) words.push(["check", "the", "bounds", "here"][words.length % 4]!);
  return answer();
})();

let repo: Repo;
beforeAll(() => {
  repo = createRepo();
  const body = (v: number) => Array.from({ length: 60 }, (_, i) => `export function f${i}(x: number) { return x * ${i * v} + ${v}; }\n`).join("");
  for (const f of ["a", "b", "c", "d"]) repo.write(`src/${f}.ts`, body(1));
  repo.commit("base");
  for (const f of ["a", "b", "c", "d"]) repo.write(`src/${f}.ts`, body(2));
  repo.commit("head");
});
afterAll(() => repo.cleanup());

const worstCase = (down: string | null) => (request: RecordedRequest) => {
  if (request.body.model === down) return reply.status(503, { body: { error: { message: "overloaded" } } });
  const prompt = request.body.messages.reduce((sum, m) => sum + countTokens(m.content) + 8, 0);
  const isSummary = request.body.messages.some((m) => m.content.includes("Write the overall summary"));
  return reply.content(isSummary ? JSON.stringify({ summary: "Overall." }) : LONG_ANSWER, {
    usage: { prompt_tokens: prompt, completion_tokens: CAP },
  });
};

async function planAndReview(config: string, down: string | null): Promise<{ plan: PlanReport; review: Review }> {
  repo.write("review.yml", config);
  const env = { ...repo.env };
  const plan = JSON.parse((await runCli(["plan", "--base", "HEAD~1", "--config", "review.yml", "--format", "json"], { cwd: repo.dir, env })).stdout) as PlanReport;
  const server = await startModelServer(worstCase(down));
  try {
    const run = await runCli(["review", "--base", "HEAD~1", "--config", "review.yml", "--format", "json"], {
      cwd: repo.dir,
      env: { ...env, OPENAI_BASE_URL: server.baseURL, OPENAI_API_KEY: "sk-test-loopback", AI_REVIEW_MODEL: "" },
    });
    return { plan, review: JSON.parse(run.stdout) as Review };
  } finally {
    await server.close();
  }
}

it("the summary pass's share bounds its real prompt: the review costs no more than 'at most'", async () => {
  const { plan, review } = await planAndReview(`request_token_budget: 1500\nmax_output_tokens: ${CAP}\nmax_retries: 0\n`, null);

  expect(review.summaryPass.outcome).toBe("done");
  expect(review.parts.length).toBeGreaterThan(2);
  expect(review.usage.completionTokens).toBe((review.parts.length + 1) * CAP);
  expect(review.usage.costUsd!).toBeLessThanOrEqual(plan.estimatedCost!.maxTotalUsd);
  expect(review.usage.promptTokens).toBeLessThanOrEqual(plan.estimatedCost!.promptTokens);
  expect(plan.estimatedCost!.fallbacks).toBeUndefined();
});

it("with fallback models, the plan gives the worst case at the dearest model, and the review stays within it", async () => {
  const config = `request_token_budget: 1500\nmax_output_tokens: ${CAP}\nmax_retries: 0\nmodel: gpt-4o-mini\nfallback_models: [gpt-4o]\n`;
  const { plan, review } = await planAndReview(config, "gpt-4o-mini");

  expect(review.parts.every((p) => p.model === "gpt-4o")).toBe(true);
  const estimate = plan.estimatedCost!;
  expect(review.usage.costUsd!).toBeGreaterThan(estimate.maxTotalUsd);
  expect(estimate.fallbacks).toEqual({ models: ["gpt-4o"], maxTotalUsd: expect.any(Number), unpriced: [] });
  expect(review.usage.costUsd!).toBeLessThanOrEqual(estimate.fallbacks!.maxTotalUsd!);

  const text = (await runCli(["plan", "--base", "HEAD~1", "--config", "review.yml"], { cwd: repo.dir, env: { ...repo.env } })).stdout;
  expect(text).toMatch(/^ {2}If calls fall back to gpt-4o: at most \$\d+\.\d+ \(each pass at the dearest price of its models\)$/m);
});

it("a fallback model without a price makes the worst case unknown, never a figure", async () => {
  repo.write("review.yml", "fallback_models: [my-local]\n");
  const plan = JSON.parse((await runCli(["plan", "--base", "HEAD~1", "--config", "review.yml", "--format", "json"], { cwd: repo.dir, env: { ...repo.env } })).stdout) as PlanReport;
  expect(plan.estimatedCost!.fallbacks).toEqual({ models: ["my-local"], maxTotalUsd: null, unpriced: ["my-local"] });
});
