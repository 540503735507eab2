/**
 * Regression: `zero_retention: true` promised that prompts and answers are kept nowhere,
 * yet `cache_ttl` was sent beside it and the gateway kept every answer in its cache for up
 * to a month; in `ai-review serve`, a repository's `cache_ttl` did so under the server's
 * zero retention. The pair is now refused, and `cache_ttl` is the server's in serve mode.
 */
import { expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.js";
import { SERVER_OWNED_KEYS } from "../../src/entries/serve/server-owned-keys.js";
import { PROVIDER_KEY, modelServer, reviewThrough } from "../llm/gateway-harness.js";

it("zero_retention with cache_ttl is refused before any request", async () => {
  const server = await modelServer();
  const run = reviewThrough(server, {
    basePath: "/v1/acc-123/review-gw/openai",
    config: "gateway: cloudflare\ncache_ttl: 3600\n",
    env: { OPENAI_API_KEY: PROVIDER_KEY, AI_REVIEW_ZERO_RETENTION: "true" },
  });
  await expect(run).rejects.toThrow(ConfigError);
  await expect(run).rejects.toThrow("`cache_ttl`: keeps answers in the gateway's cache, which zero_retention rules out");
  expect(server.requests).toHaveLength(0);
});

it("a repository's cache_ttl is ignored by ai-review serve, whose zero retention then holds", () => {
  const config = loadConfig({
    file: { text: "cache_ttl: 86400\n", source: ".ai-review.yml at the base" },
    env: { AI_REVIEW_GATEWAY: "cloudflare", AI_REVIEW_ZERO_RETENTION: "true" },
    fileMayNotSet: SERVER_OWNED_KEYS,
  });
  expect(config.cache_ttl).toBeUndefined();
  expect(config.zero_retention).toBe(true);
});
