/**
 * Regression: Cloudflare AI Gateway answers an identical request from its cache
 * (`cache_ttl`, or caching switched on for the gateway) with `cf-aig-cache-status: HIT`
 * and the usage of the call that filled the cache. That usage was counted again: a
 * re-review served from the cache was billed in full, in the cost and against the budget,
 * though no provider was called. A cached answer now counts no tokens.
 */
import { expect, it } from "vitest";
import { reply, type RecordedRequest } from "../support/model-server.js";
import { OFF_BY_ONE, PROVIDER_KEY, modelServer, reviewThrough } from "../llm/gateway-harness.js";

const PROVIDER_PATH = "/v1/acc-123/review-gw/openai";

/** A gateway with a cache: the same body twice is a HIT, answered with the first call's usage. */
function cachingGateway() {
  const seen = new Set<string>();
  return (request: RecordedRequest) => {
    const key = JSON.stringify(request.body);
    const hit = seen.has(key);
    seen.add(key);
    return reply.content(JSON.stringify({ summary: "Reviewed.", comments: [OFF_BY_ONE] }), {
      usage: { prompt_tokens: 1_000, completion_tokens: 100 },
      headers: { "cf-aig-cache-status": hit ? "HIT" : "MISS" },
    });
  };
}

it("a re-review answered from the gateway's cache costs nothing, and keeps its findings", async () => {
  const server = await modelServer(cachingGateway());
  const config = "gateway: cloudflare\ncache_ttl: 3600\nprices:\n  gpt-4o-mini: { input: 100, output: 100 }\n";
  const options = { basePath: PROVIDER_PATH, config, env: { OPENAI_API_KEY: PROVIDER_KEY } };

  const first = await reviewThrough(server, options);
  expect(first.review.usage).toMatchObject({ promptTokens: 1_000, completionTokens: 100, costUsd: expect.closeTo(0.11, 12) });

  const again = await reviewThrough(server, options);
  expect(server.requests).toHaveLength(2);
  expect(again.review.usage).toMatchObject({ calls: 1, promptTokens: 0, completionTokens: 0, callsWithoutUsage: 0, costUsd: 0 });
  expect(again.review.comments.map((c) => c.title)).toEqual([OFF_BY_ONE.title]);
});

it("a cached answer spends nothing of the budget", async () => {
  const server = await modelServer(cachingGateway());
  // One call really spends $0.11 (and reserves about $0.5): a budget of $0.60 holds one real call.
  const config = "gateway: cloudflare\ncache_ttl: 3600\nprices:\n  gpt-4o-mini: { input: 100, output: 100 }\nbudget: { usd: 0.6 }\n";
  const options = { basePath: PROVIDER_PATH, config, env: { OPENAI_API_KEY: PROVIDER_KEY } };
  await reviewThrough(server, options);
  const again = await reviewThrough(server, options);
  expect(again.review.budget).toEqual({ limit: { usd: 0.6 }, spent: { tokens: 0, usd: 0 }, partsNotSent: 0 });
});
