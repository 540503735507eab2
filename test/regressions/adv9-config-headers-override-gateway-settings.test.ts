/**
 * Regression: `headers` could name a header ai-review sends from its own settings, and the
 * config's value won: `cf-aig-collect-log-payload` from the environment undid
 * `zero_retention: true` (the gateway logged prompts and answers), and `authorization`
 * replaced the provider key, or sent one in bring-your-own-key mode. Such a header is now
 * refused, before any request, with the setting to use.
 */
import { expect, it } from "vitest";
import { ConfigError } from "../../src/config.js";
import { GATEWAY_TOKEN, PROVIDER_KEY, modelServer, reviewThrough } from "../llm/gateway-harness.js";

const PROVIDER_PATH = "/v1/acc-123/review-gw/openai";

it.each([
  ["CF-AIG-Collect-Log-Payload", "zero_retention: true\n", /`headers.CF-AIG-Collect-Log-Payload`: is sent by ai-review itself \(by zero_retention: true\)/],
  ["authorization", "byok: true\n", /`headers.authorization`: is sent by ai-review itself \(from OPENAI_API_KEY, or none with byok: true\)/],
  ["cf-aig-metadata", "", /`headers.cf-aig-metadata`: is sent by ai-review itself/],
  ["cf-aig-cache-ttl", "", /`headers.cf-aig-cache-ttl`: is sent by ai-review itself \(by cache_ttl\)/],
])("headers: %s is refused, and nothing is sent", async (name, setting, message) => {
  const server = await modelServer();
  const run = reviewThrough(server, {
    basePath: PROVIDER_PATH,
    config: `gateway: cloudflare\n${setting}headers:\n  ${name}: { env: OVERRIDE }\n`,
    env: { OPENAI_API_KEY: PROVIDER_KEY, CF_AIG_TOKEN: GATEWAY_TOKEN, OVERRIDE: "true" },
  });
  await expect(run).rejects.toThrow(ConfigError);
  await expect(run).rejects.toThrow(message);
  expect(server.requests).toHaveLength(0);
});

it("other Cloudflare headers ai-review does not send are still the config's to add", async () => {
  const server = await modelServer();
  const { requests } = await reviewThrough(server, {
    basePath: PROVIDER_PATH,
    config: "gateway: cloudflare\nzero_retention: true\nheaders:\n  cf-aig-skip-cache: { env: SKIP }\n",
    env: { OPENAI_API_KEY: PROVIDER_KEY, SKIP: "true" },
  });
  expect(requests[0]!.headers["cf-aig-skip-cache"]).toBe("true");
  expect(requests[0]!.headers["cf-aig-collect-log-payload"]).toBe("false");
});
