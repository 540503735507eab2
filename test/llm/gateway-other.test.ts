/**
 * Workers AI, other gateways' extra headers, and the output cap's field, through the whole
 * flow and the real openai SDK: exactly what the loopback server receives.
 */
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/config.js";
import { chunkAnswerSchema } from "../../src/llm/answer-schema.js";
import { PROVIDER_KEY, bodyKeys, gatewayHeaders, modelServer, reviewThrough } from "./gateway-harness.js";
import { clientFor, messages, serve, validAnswer } from "./model-client-harness.js";
import { reply } from "../support/model-server.js";

const WORKERS_AI = "/client/v4/accounts/acc-123/ai/v1";

describe("Workers AI", () => {
  it("always gets the output cap as max_tokens (its own default is a few hundred tokens)", async () => {
    const server = await modelServer();
    const [request] = (
      await reviewThrough(server, {
        basePath: WORKERS_AI,
        config: "max_output_tokens: 3000\n",
        env: { OPENAI_API_KEY: PROVIDER_KEY, AI_REVIEW_MODEL: "@cf/meta/llama-3.1-8b-instruct" },
      })
    ).requests;

    expect(request!.path).toBe(`${WORKERS_AI}/chat/completions`);
    expect(request!.body).toMatchObject({ model: "@cf/meta/llama-3.1-8b-instruct", max_tokens: 3000 });
    expect(bodyKeys(request!)).toEqual(["max_tokens", "messages", "model", "response_format"]);
    expect(gatewayHeaders(request!)).toEqual({ authorization: `Bearer ${PROVIDER_KEY}` });
  });

  it("Workers AI's OpenAI models (@cf/openai/gpt-oss-120b) are not OpenAI's reasoning API: max_tokens still", async () => {
    const server = await modelServer();
    const [request] = (
      await reviewThrough(server, { basePath: WORKERS_AI, env: { OPENAI_API_KEY: PROVIDER_KEY, AI_REVIEW_MODEL: "@cf/openai/gpt-oss-120b" } })
    ).requests;
    expect(request!.body.max_tokens).toBe(4096);
    expect(request!.body).not.toHaveProperty("max_completion_tokens");
  });
});

describe("extra headers for other gateways", () => {
  const config = "headers:\n  x-portkey-api-key: { env: PORTKEY_KEY }\n  X-Portkey-Provider: { env: PORTKEY_PROVIDER }\n";

  it("sends each header with its value from the environment", async () => {
    const server = await modelServer();
    const [request] = (
      await reviewThrough(server, {
        config,
        env: { OPENAI_API_KEY: PROVIDER_KEY, PORTKEY_KEY: "pk-live-0a1b2c3d4e5f", PORTKEY_PROVIDER: "openai" },
      })
    ).requests;

    expect(gatewayHeaders(request!)).toEqual({
      authorization: `Bearer ${PROVIDER_KEY}`,
      "x-portkey-api-key": "pk-live-0a1b2c3d4e5f",
      "x-portkey-provider": "openai",
    });
    expect(bodyKeys(request!)).toEqual(["max_tokens", "messages", "model", "response_format"]);
  });

  it("a variable that is not set is a ConfigError naming the header and the variable, before any request", async () => {
    const server = await modelServer();
    const run = reviewThrough(server, { config, env: { OPENAI_API_KEY: PROVIDER_KEY, PORTKEY_PROVIDER: "openai" } });

    await expect(run).rejects.toThrow(ConfigError);
    await expect(run).rejects.toThrow(/the header x-portkey-api-key takes its value from the environment variable PORTKEY_KEY, which is not set/);
    expect(server.requests).toHaveLength(0);
  });

  it("a value written in the config file is refused with what to write instead", async () => {
    const server = await modelServer();
    const run = reviewThrough(server, { config: "headers:\n  x-portkey-api-key: pk-live-0a1b2c3d4e5f\n", env: { OPENAI_API_KEY: PROVIDER_KEY } });

    await expect(run).rejects.toThrow(ConfigError);
    await expect(run).rejects.toThrow(/`headers.x-portkey-api-key`: header values are never written in the config file.*\{ env: VARIABLE_NAME \}/s);
    expect(server.requests).toHaveLength(0);
  });
});

describe("the output cap's field", () => {
  it.each([
    ["o1", "max_completion_tokens"],
    ["o3-mini", "max_completion_tokens"],
    ["o4-mini", "max_completion_tokens"],
    ["gpt-5", "max_completion_tokens"],
    ["gpt-5-mini", "max_completion_tokens"],
    ["gpt-4o-mini", "max_tokens"],
  ])("%s gets %s through the flow", async (model, field) => {
    const server = await modelServer();
    const [request] = (await reviewThrough(server, { env: { OPENAI_API_KEY: PROVIDER_KEY, AI_REVIEW_MODEL: model } })).requests;

    const other = field === "max_tokens" ? "max_completion_tokens" : "max_tokens";
    expect(request!.body[field]).toBe(4096);
    expect(request!.body).not.toHaveProperty(other);
  });

  it("a reasoning model behind Cloudflare's /compat (openai/o3) gets max_completion_tokens too", async () => {
    const server = await modelServer();
    const [request] = (
      await reviewThrough(server, {
        basePath: "/v1/acc-123/review-gw/compat",
        env: { AI_REVIEW_GATEWAY: "cloudflare", OPENAI_API_KEY: PROVIDER_KEY, AI_REVIEW_MODEL: "openai/o3" },
      })
    ).requests;
    expect(bodyKeys(request!)).toEqual(["max_completion_tokens", "messages", "model", "response_format"]);
  });

  it("max_tokens_field forces either field, whatever the model name", async () => {
    const server = await modelServer();
    await reviewThrough(server, { config: "max_tokens_field: max_completion_tokens\n", env: { OPENAI_API_KEY: PROVIDER_KEY } });
    await reviewThrough(server, { config: "max_tokens_field: max_tokens\n", env: { OPENAI_API_KEY: PROVIDER_KEY, AI_REVIEW_MODEL: "o3-mini" } });

    expect(bodyKeys(server.requests[0]!)).toEqual(["max_completion_tokens", "messages", "model", "response_format"]);
    expect(bodyKeys(server.requests[1]!)).toEqual(["max_tokens", "messages", "model", "response_format"]);
  });

  it("a reasoning model gets no temperature, which it would refuse; another model keeps it", async () => {
    const server = await serve([reply.json(validAnswer), reply.json(validAnswer)]);

    await clientFor(server, { model: "o4-mini", temperature: 0.2 }).askJson(messages, chunkAnswerSchema);
    await clientFor(server, { model: "gpt-4o-mini", temperature: 0.2 }).askJson(messages, chunkAnswerSchema);

    expect(server.requests[0]!.body).not.toHaveProperty("temperature");
    expect(server.requests[0]!.body.max_completion_tokens).toBe(2048);
    expect(server.requests[1]!.body).toMatchObject({ temperature: 0.2, max_tokens: 2048 });
  });

  it("a 400 about the cap's field says which setting to change", async () => {
    const server = await serve(() =>
      reply.status(400, { body: { error: { message: "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead." } } }),
    );
    const { review } = await reviewThrough(server, { config: "max_tokens_field: max_tokens\n", env: { OPENAI_API_KEY: PROVIDER_KEY, AI_REVIEW_MODEL: "o3" } });
    expect(review.failedChunks[0]!.error).toMatch(/set max_tokens_field/);
  });
});
