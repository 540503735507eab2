/**
 * Cloudflare AI Gateway through the whole flow and the real openai SDK: the exact headers
 * and body fields the loopback server (standing in for the gateway, whatever its host
 * name) receives in each mode.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { ConfigError } from "../../src/config.js";
import { PACKAGE_VERSION } from "../../src/entries/package-version.js";
import { FAKE_HEAD_SHA } from "../support/fake-forge.js";
import { reply } from "../support/model-server.js";
import { runCli } from "../support/run-cli.js";
import { GATEWAY_TOKEN, PROVIDER_KEY, TOTAL, bodyKeys, gatewayHeaders, modelServer, reviewThrough } from "./gateway-harness.js";

const COMPAT = "/v1/acc-123/review-gw/compat";
const PROVIDER_PATH = "/v1/acc-123/review-gw/openai";
/** What the flow always knows: the head reviewed (entries add the rest). */
const FLOW_METADATA = JSON.stringify({ head: FAKE_HEAD_SHA });

describe("Cloudflare AI Gateway", () => {
  it("plain OpenAI (no gateway): the key and nothing of Cloudflare's", async () => {
    const server = await modelServer();
    const [request] = (await reviewThrough(server, { env: { OPENAI_API_KEY: PROVIDER_KEY } })).requests;

    expect(request!.path).toBe("/v1/chat/completions");
    expect(gatewayHeaders(request!)).toEqual({ authorization: `Bearer ${PROVIDER_KEY}` });
    expect(bodyKeys(request!)).toEqual(["max_tokens", "messages", "model", "response_format"]);
    expect(request!.body).toMatchObject({ model: "gpt-4o-mini", max_tokens: 4096, response_format: { type: "json_object" } });
  });

  it("the /compat endpoint: provider/model names, the provider key, and the flow's metadata", async () => {
    const server = await modelServer();
    const [request] = (
      await reviewThrough(server, {
        basePath: COMPAT,
        env: { AI_REVIEW_GATEWAY: "cloudflare", OPENAI_API_KEY: PROVIDER_KEY, AI_REVIEW_MODEL: "openai/gpt-4o-mini" },
      })
    ).requests;

    expect(request!.path).toBe(`${COMPAT}/chat/completions`);
    expect(gatewayHeaders(request!)).toEqual({ authorization: `Bearer ${PROVIDER_KEY}`, "cf-aig-metadata": FLOW_METADATA });
    expect(bodyKeys(request!)).toEqual(["max_tokens", "messages", "model", "response_format"]);
    expect(request!.body.model).toBe("openai/gpt-4o-mini");
  });

  it("refuses a bare model name on /compat, before any request, saying how to write it", async () => {
    const server = await modelServer();
    const run = reviewThrough(server, { basePath: COMPAT, env: { AI_REVIEW_GATEWAY: "cloudflare", OPENAI_API_KEY: PROVIDER_KEY } });

    await expect(run).rejects.toThrow(ConfigError);
    await expect(run).rejects.toThrow(/provider\/model, like openai\/gpt-4o-mini/);
    expect(server.requests).toHaveLength(0);
  });

  it("a provider path (.../openai) takes the provider's own model names", async () => {
    const server = await modelServer();
    const [request] = (
      await reviewThrough(server, { basePath: PROVIDER_PATH, config: "gateway: cloudflare\n", env: { OPENAI_API_KEY: PROVIDER_KEY } })
    ).requests;

    expect(request!.path).toBe(`${PROVIDER_PATH}/chat/completions`);
    expect(request!.body.model).toBe("gpt-4o-mini");
    expect(gatewayHeaders(request!)).toEqual({ authorization: `Bearer ${PROVIDER_KEY}`, "cf-aig-metadata": FLOW_METADATA });
  });

  it("an authenticated gateway gets cf-aig-authorization from CF_AIG_TOKEN, beside the provider key", async () => {
    const server = await modelServer();
    const [request] = (
      await reviewThrough(server, {
        basePath: PROVIDER_PATH,
        env: { AI_REVIEW_GATEWAY: "cloudflare", OPENAI_API_KEY: PROVIDER_KEY, CF_AIG_TOKEN: GATEWAY_TOKEN },
      })
    ).requests;

    expect(gatewayHeaders(request!)).toEqual({
      authorization: `Bearer ${PROVIDER_KEY}`,
      "cf-aig-authorization": `Bearer ${GATEWAY_TOKEN}`,
      "cf-aig-metadata": FLOW_METADATA,
    });
  });

  it("the config may name another variable for the token; an unset one is a ConfigError naming it", async () => {
    const server = await modelServer();
    const config = "gateway: cloudflare\ngateway_token_env: REVIEW_GW_TOKEN\n";
    const env = { OPENAI_API_KEY: PROVIDER_KEY, CF_AIG_TOKEN: "not-this-one-0000" };

    const [request] = (await reviewThrough(server, { basePath: PROVIDER_PATH, config, env: { ...env, REVIEW_GW_TOKEN: GATEWAY_TOKEN } })).requests;
    expect(request!.headers["cf-aig-authorization"]).toBe(`Bearer ${GATEWAY_TOKEN}`);

    await expect(reviewThrough(server, { basePath: PROVIDER_PATH, config, env })).rejects.toThrow(
      /gateway_token_env names REVIEW_GW_TOKEN, which is not set/,
    );
    expect(server.requests).toHaveLength(1);
  });

  it("zero retention (AI_REVIEW_ZERO_RETENTION=true): no payload in the gateway's logs, store: false in the body", async () => {
    const server = await modelServer();
    const [request] = (
      await reviewThrough(server, {
        basePath: COMPAT,
        env: { AI_REVIEW_GATEWAY: "cloudflare", AI_REVIEW_ZERO_RETENTION: "true", OPENAI_API_KEY: PROVIDER_KEY, AI_REVIEW_MODEL: "openai/gpt-4o-mini" },
      })
    ).requests;

    expect(gatewayHeaders(request!)).toEqual({
      authorization: `Bearer ${PROVIDER_KEY}`,
      "cf-aig-collect-log-payload": "false",
      "cf-aig-metadata": FLOW_METADATA,
    });
    expect(bodyKeys(request!)).toEqual(["max_tokens", "messages", "model", "response_format", "store"]);
    expect(request!.body.store).toBe(false);
  });

  it("zero retention without Cloudflare still asks the provider to store nothing, and sends no Cloudflare header", async () => {
    const server = await modelServer();
    const [request] = (await reviewThrough(server, { config: "zero_retention: true\n", env: { OPENAI_API_KEY: PROVIDER_KEY } })).requests;

    expect(gatewayHeaders(request!)).toEqual({ authorization: `Bearer ${PROVIDER_KEY}` });
    expect(request!.body.store).toBe(false);
  });

  it("bring-your-own-key sends no Authorization header at all, even with OPENAI_API_KEY set", async () => {
    const server = await modelServer();
    const [request] = (
      await reviewThrough(server, {
        basePath: PROVIDER_PATH,
        config: "gateway: cloudflare\nbyok: true\n",
        env: { OPENAI_API_KEY: PROVIDER_KEY, CF_AIG_TOKEN: GATEWAY_TOKEN },
      })
    ).requests;

    expect(gatewayHeaders(request!)).toEqual({ "cf-aig-authorization": `Bearer ${GATEWAY_TOKEN}`, "cf-aig-metadata": FLOW_METADATA });
    expect(JSON.stringify(request!.headers)).not.toContain(PROVIDER_KEY);
  });

  it("bring-your-own-key without the gateway token is refused: Cloudflare uses stored keys only on authenticated gateways", async () => {
    const server = await modelServer();
    await expect(reviewThrough(server, { basePath: PROVIDER_PATH, config: "gateway: cloudflare\nbyok: true\n" })).rejects.toThrow(
      /byok: true needs an authenticated gateway: set CF_AIG_TOKEN/,
    );
    expect(server.requests).toHaveLength(0);
  });

  it("cache_ttl is sent as cf-aig-cache-ttl, in seconds", async () => {
    const server = await modelServer();
    const [request] = (
      await reviewThrough(server, { basePath: PROVIDER_PATH, config: "gateway: cloudflare\ncache_ttl: 3600\n", env: { OPENAI_API_KEY: PROVIDER_KEY } })
    ).requests;

    expect(gatewayHeaders(request!)).toEqual({
      authorization: `Bearer ${PROVIDER_KEY}`,
      "cf-aig-cache-ttl": "3600",
      "cf-aig-metadata": FLOW_METADATA,
    });
  });

  it("metadata: what the entry knows and what the flow adds, five entries at most, every value a string", async () => {
    const server = await modelServer();
    const [request] = (
      await reviewThrough(server, {
        basePath: PROVIDER_PATH,
        env: { AI_REVIEW_GATEWAY: "cloudflare", OPENAI_API_KEY: PROVIDER_KEY },
        gatewayMetadata: { repository: "acme/app", change: 42, trigger: "pull_request", version: PACKAGE_VERSION },
      })
    ).requests;

    const metadata = JSON.parse(String(request!.headers["cf-aig-metadata"])) as Record<string, unknown>;
    expect(metadata).toEqual({ repository: "acme/app", change: "42", head: FAKE_HEAD_SHA, trigger: "pull_request", version: PACKAGE_VERSION });
    expect(Object.keys(metadata).length).toBeLessThanOrEqual(5);
    expect(Object.values(metadata).every((value) => typeof value === "string")).toBe(true);
  });

  it("the CLI names itself: trigger cli and its version (a diff file has no head to add)", async () => {
    const server = await modelServer();
    const dir = await mkdtemp(join(tmpdir(), "ai-review-gateway-"));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));

    const run = await runCli(["review", "--format", "json", "--diff", "-"], {
      cwd: dir,
      stdin: TOTAL,
      env: { AI_REVIEW_GATEWAY: "cloudflare", OPENAI_BASE_URL: `${server.origin}${PROVIDER_PATH}`, OPENAI_API_KEY: PROVIDER_KEY },
    });

    expect(run.stderr).toBe("");
    expect(gatewayHeaders(server.requests[0]!)["cf-aig-metadata"]).toBe(JSON.stringify({ trigger: "cli", version: PACKAGE_VERSION }));
  });

  it("a gateway setting without gateway: cloudflare is refused, not silently ignored", async () => {
    const server = await modelServer();
    await expect(reviewThrough(server, { config: "cache_ttl: 60\n", env: { OPENAI_API_KEY: PROVIDER_KEY } })).rejects.toThrow(
      /`cache_ttl`: is a Cloudflare AI Gateway setting: also set gateway: cloudflare/,
    );
  });

  it("gateway: cloudflare without a base URL says which URL to set", async () => {
    const server = await modelServer();
    const run = reviewThrough(server, { env: { AI_REVIEW_GATEWAY: "cloudflare", OPENAI_API_KEY: PROVIDER_KEY, OPENAI_BASE_URL: "" } });
    await expect(run).rejects.toThrow(/gateway: cloudflare needs the gateway's URL in OPENAI_BASE_URL/);
  });

  it("the gateway token never shows in an error message, even when the gateway echoes it", async () => {
    const server = await modelServer((request) => {
      const header = String(request.headers["cf-aig-authorization"]);
      return reply.status(400, { body: { error: { message: `bad header ${header}, bad token ${header.slice("Bearer ".length)}` } } });
    });
    const { review } = await reviewThrough(server, {
      basePath: PROVIDER_PATH,
      env: { AI_REVIEW_GATEWAY: "cloudflare", OPENAI_API_KEY: PROVIDER_KEY, CF_AIG_TOKEN: GATEWAY_TOKEN },
    });

    expect(review.failedChunks).toHaveLength(1);
    expect(review.failedChunks[0]!.error).toContain("bad header [redacted], bad token [redacted]");
    expect(JSON.stringify(review)).not.toContain(GATEWAY_TOKEN);
  });
});
