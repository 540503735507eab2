import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { chunkAnswerSchema } from "../../src/llm/answer-schema.js";
import { ModelCallError } from "../../src/llm/model-call-error.js";
import { reply } from "../support/model-server.js";
import { API_KEY, MODEL, clientFor, messages, parsedAnswer, rejectionOf, serve, validAnswer } from "./model-client-harness.js";

/** A sleep that records what the client asked to wait, and returns at once. */
function recordedSleep(): { waits: number[]; sleep: (ms: number) => Promise<void> } {
  const waits: number[] = [];
  return { waits, sleep: async (ms) => void waits.push(ms) };
}

describe("ModelClient.askJson retries", () => {
  it("waits retry-after-ms after a 429, then retries once", async () => {
    const server = await serve([reply.rateLimited({ "retry-after-ms": "300" }), reply.json(validAnswer)]);
    const { waits, sleep } = recordedSleep();

    const { value, usage } = await clientFor(server, { sleep }).askJson(messages, chunkAnswerSchema);

    expect(value).toEqual(parsedAnswer);
    expect(server.requests).toHaveLength(2);
    expect(usage).toMatchObject({ requests: 2, retries: 1 });
    expect(waits).toEqual([300]);
  });

  it("waits Retry-After seconds after a 503", async () => {
    const server = await serve([reply.status(503, { headers: { "retry-after": "1" } }), reply.json(validAnswer)]);
    const { waits, sleep } = recordedSleep();

    await clientFor(server, { sleep }).askJson(messages, chunkAnswerSchema);

    expect(server.requests).toHaveLength(2);
    expect(waits).toEqual([1000]);
  });

  it("retries a 500 after a jittered backoff", async () => {
    const server = await serve([reply.status(500, { body: { error: { message: "boom" } } }), reply.json(validAnswer)]);
    const { waits, sleep } = recordedSleep();
    const client = clientFor(server, { sleep, random: () => 0.5, backoffBaseMs: 500, backoffCapMs: 30_000 });
    const { usage } = await client.askJson(messages, chunkAnswerSchema);
    expect(usage).toMatchObject({ requests: 2, retries: 1 });
    expect(waits).toEqual([250]);
  });

  it("retries a reset connection", async () => {
    const server = await serve([reply.reset(), reply.json(validAnswer)]);
    const { value } = await clientFor(server).askJson(messages, chunkAnswerSchema);
    expect(value).toEqual(parsedAnswer);
    expect(server.requests).toHaveLength(2);
  });

  it("names the connection failure when resets outlast the retries", async () => {
    const server = await serve(() => reply.reset());
    const error = await rejectionOf(clientFor(server, { maxRetries: 1 }).askJson(messages, chunkAnswerSchema));
    expect(error.message).toMatch(/failed after 2 attempts; last error: connection failed \(.*ECONNRESET\)/);
  });

  it("retries a 200 whose body is not JSON", async () => {
    const server = await serve([reply.invalidBody(), reply.json(validAnswer)]);
    const { value } = await clientFor(server).askJson(messages, chunkAnswerSchema);
    expect(value).toEqual(parsedAnswer);
    expect(server.requests).toHaveLength(2);
  });

  it("gives up after maxRetries timeouts with a ModelCallError naming the base URL and the model", async () => {
    const server = await serve(() => reply.hang());

    // A real socket that never answers, and a short real timeout: the timeout is what is tested.
    const error = await rejectionOf(clientFor(server, { timeoutMs: 20, maxRetries: 2 }).askJson(messages, chunkAnswerSchema));

    expect(error).toBeInstanceOf(ModelCallError);
    expect(error).toMatchObject({ reason: "retries-exhausted", baseURL: server.baseURL, model: MODEL });
    expect(error.message).toContain(server.baseURL);
    expect(error.message).toContain(`"${MODEL}"`);
    expect(error.message).toMatch(/failed after 3 attempts; last error: no answer within 20 ms \(timeout\)/);
    expect(error.message).toMatch(/OPENAI_BASE_URL/);
    // Counted on the client's side: on a loaded machine a 20 ms timeout can fire before a
    // request reaches the server, so the server's count would be a race.
    expect((error as ModelCallError).usage).toMatchObject({ requests: 3, retries: 2, promptTokens: 0 });
  });

  it("times out an answer whose body never finishes", async () => {
    const server = await serve(() => reply.stall());
    const error = await rejectionOf(clientFor(server, { timeoutMs: 20, maxRetries: 0 }).askJson(messages, chunkAnswerSchema));
    expect(error.message).toMatch(/failed after 1 attempt; last error: no answer within 20 ms/);
  });

  it("does not retry a 401 and says the API key was rejected", async () => {
    const server = await serve(() => reply.status(401, { body: { error: { message: "Invalid key" } } }));

    const error = await rejectionOf(clientFor(server).askJson(messages, chunkAnswerSchema));

    expect(error).toMatchObject({ name: "ModelCallError", reason: "unauthorized", status: 401 });
    expect(error.message).toMatch(/API key was rejected/);
    expect(error.message).toMatch(/OPENAI_API_KEY/);
    expect(server.requests).toHaveLength(1);
  });

  it("does not retry a 404 and names both the model and the base URL", async () => {
    const server = await serve([]);
    const wrongBase = server.baseURL.replace(/\/v1$/, "");

    const error = await rejectionOf(clientFor(server, { baseURL: wrongBase }).askJson(messages, chunkAnswerSchema));

    expect(error).toMatchObject({ reason: "not-found", status: 404 });
    expect(error.message).toContain(`"${MODEL}"`);
    expect(error.message).toContain(wrongBase);
    expect(error.message).toMatch(/model name or the base URL is wrong/);
    expect(server.requests).toHaveLength(1);
  });

  it("does not retry a 400 and hints at the response format", async () => {
    const server = await serve(() => reply.status(400, { body: { error: { message: "response_format json_schema is not supported" } } }));
    const error = await rejectionOf(clientFor(server, { responseFormat: "json_schema" }).askJson(messages, chunkAnswerSchema));
    expect(error).toMatchObject({ reason: "bad-request", status: 400 });
    expect(error.message).toMatch(/json_schema is not supported.*set response_format to "json_object" or "none"/);
    expect(server.requests).toHaveLength(1);
  });

  it("fails at once, clearly, when Retry-After is longer than the bound", async () => {
    const server = await serve(() => reply.rateLimited({ "retry-after": "120" }));
    const { waits, sleep } = recordedSleep();

    const error = await rejectionOf(clientFor(server, { maxRetryWaitMs: 10_000, sleep }).askJson(messages, chunkAnswerSchema));

    expect(error).toMatchObject({ reason: "retry-after-too-long", status: 429 });
    expect(error.message).toMatch(/asked to wait 120 s before retrying, longer than the 10 s this client waits/);
    expect(error.message).toContain(server.baseURL);
    expect(server.requests).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it("stops when the caller aborts, without retrying", async () => {
    const controller = new AbortController();
    // Aborted once the request is on the wire, so the abort cuts a call in progress.
    const server = await serve(() => {
      controller.abort();
      return reply.hang();
    });

    const error = await rejectionOf(clientFor(server).askJson(messages, chunkAnswerSchema, { signal: controller.signal }));

    expect(error).toMatchObject({ reason: "aborted" });
    expect(server.requests).toHaveLength(1);
  });

  it("never puts the API key in an error, even when the gateway echoes it", async () => {
    const echo = { error: { message: `Incorrect API key provided: ${API_KEY}` } };
    const server = await serve([
      reply.status(401, { body: echo }),
      reply.status(403, { body: echo }),
      reply.status(400, { body: echo }),
      reply.status(500, { body: echo }),
      reply.status(500, { body: echo }),
    ]);
    const errors = [
      await rejectionOf(clientFor(server).askJson(messages, chunkAnswerSchema)),
      await rejectionOf(clientFor(server).askJson(messages, chunkAnswerSchema)),
      await rejectionOf(clientFor(server).askJson(messages, chunkAnswerSchema)),
      await rejectionOf(clientFor(server, { maxRetries: 1 }).askJson(messages, chunkAnswerSchema)),
    ];

    expect(server.requests.every((request) => request.headers.authorization === `Bearer ${API_KEY}`)).toBe(true);
    expect(errors.map((error) => (error as ModelCallError).reason)).toEqual(["unauthorized", "forbidden", "bad-request", "retries-exhausted"]);
    for (const error of errors) {
      expect(error.message).not.toContain(API_KEY);
      expect(inspect(error, { depth: 5 })).not.toContain(API_KEY);
      expect(JSON.stringify(error)).not.toContain(API_KEY);
    }
    expect(errors[3]?.message).toContain("[redacted]");
  });
});
