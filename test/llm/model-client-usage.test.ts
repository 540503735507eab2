import { describe, expect, it } from "vitest";
import { chunkAnswerSchema } from "../../src/llm/answer-schema.js";
import { reply } from "../support/model-server.js";
import { clientFor, messages, rejectionOf, serve, validAnswer } from "./model-client-harness.js";

describe("ModelClient concurrency and usage", () => {
  it("never has more requests in flight than its concurrency, across calls", async () => {
    const server = await serve(() => reply.json(validAnswer, { delayMs: 80 }));
    const client = clientFor(server, { concurrency: 2 });

    const results = await Promise.all(Array.from({ length: 6 }, () => client.askJson(messages, chunkAnswerSchema)));

    expect(results).toHaveLength(6);
    expect(server.requests).toHaveLength(6);
    expect(server.maxInFlight).toBe(2);
    expect(Math.max(...server.requests.map((request) => request.inFlight))).toBe(2);
  });

  it("records tokens, retries, repairs and time per call and in total", async () => {
    const server = await serve([
      reply.content(JSON.stringify(validAnswer), { usage: { prompt_tokens: 100, completion_tokens: 20 } }),
      reply.status(500),
      reply.content("not json", { usage: { prompt_tokens: 110, completion_tokens: 3 } }),
      reply.content(JSON.stringify(validAnswer), { usage: { prompt_tokens: 130, completion_tokens: 20 }, delayMs: 50 }),
    ]);
    const client = clientFor(server);

    const first = await client.askJson(messages, chunkAnswerSchema);
    const second = await client.askJson(messages, chunkAnswerSchema);

    expect(first.usage).toMatchObject({ promptTokens: 100, completionTokens: 20, requests: 1, retries: 0, repaired: false });
    expect(second.usage).toMatchObject({ promptTokens: 240, completionTokens: 23, requests: 3, retries: 1, repaired: true });
    expect(second.usage.wallMs).toBeGreaterThanOrEqual(50);
    expect(client.totals).toMatchObject({
      calls: 2,
      failedCalls: 0,
      requests: 4,
      retries: 1,
      repairs: 1,
      promptTokens: 340,
      completionTokens: 43,
      callsWithoutUsage: 0,
    });
    expect(client.totals.wallMs).toBeGreaterThanOrEqual(first.usage.wallMs + second.usage.wallMs - 1);
  });

  it("counts failed calls and says when the gateway reported no usage", async () => {
    const server = await serve([reply.content(JSON.stringify(validAnswer), { usage: null }), reply.status(401)]);
    const client = clientFor(server);

    const { usage } = await client.askJson(messages, chunkAnswerSchema);
    await rejectionOf(client.askJson(messages, chunkAnswerSchema));

    expect(usage).toMatchObject({ promptTokens: null, completionTokens: null });
    expect(client.totals).toMatchObject({ calls: 2, failedCalls: 1, requests: 2, promptTokens: 0, completionTokens: 0, callsWithoutUsage: 1 });
  });

  it("measures total time as elapsed time, not the sum of concurrent calls", async () => {
    const server = await serve(() => reply.json(validAnswer, { delayMs: 100 }));
    const client = clientFor(server, { concurrency: 4 });
    const started = performance.now();

    const results = await Promise.all(Array.from({ length: 4 }, () => client.askJson(messages, chunkAnswerSchema)));
    const elapsed = performance.now() - started;

    const summed = results.reduce((sum, result) => sum + result.usage.wallMs, 0);
    expect(client.totals.wallMs).toBeLessThanOrEqual(elapsed + 1);
    expect(summed).toBeGreaterThan(client.totals.wallMs * 2);
  });
});
