import { describe, expect, it } from "vitest";
import { chunkAnswerSchema } from "../../src/llm/answer-schema.js";
import type { ModelCallError } from "../../src/llm/model-call-error.js";
import { HeldReplies } from "../support/held-replies.js";
import { reply } from "../support/model-server.js";
import { clientFor, messages, MODEL, rejectionOf, serve, validAnswer } from "./model-client-harness.js";

describe("ModelClient concurrency and usage", () => {
  it("never has more requests in flight than its concurrency, across calls", async () => {
    const held = new HeldReplies();
    const server = await serve(held.handler);
    const client = clientFor(server, { concurrency: 2 });

    const calls = Promise.all(Array.from({ length: 6 }, () => client.askJson(messages, chunkAnswerSchema)));
    // Answer one request each time two are waiting: a client without a limit would have
    // all six in flight by then, and the server would see it.
    for (let answered = 0; answered < 6; answered++) {
      await held.arrived(Math.min(answered + 2, 6));
      held.release(reply.json(validAnswer));
    }
    const results = await calls;

    expect(results).toHaveLength(6);
    expect(server.requests).toHaveLength(6);
    expect(server.maxInFlight).toBe(2);
  });

  it("returns each call's own tokens, requests, retries, repair and time", async () => {
    let clock = 0;
    const script = [
      reply.content(JSON.stringify(validAnswer), { usage: { prompt_tokens: 100, completion_tokens: 20 } }),
      reply.status(500),
      reply.content("not json", { usage: { prompt_tokens: 110, completion_tokens: 3 } }),
      reply.content(JSON.stringify(validAnswer), { usage: { prompt_tokens: 130, completion_tokens: 20 } }),
    ];
    const server = await serve((request) => {
      // The repair answer "takes" 50 ms on the injected clock.
      if (request.index === 3) clock += 50;
      return script[request.index];
    });
    const client = clientFor(server, { now: () => clock });

    const first = await client.askJson(messages, chunkAnswerSchema);
    const second = await client.askJson(messages, chunkAnswerSchema);

    expect(first.usage).toEqual({
      promptTokens: 100, completionTokens: 20, wallMs: 0, requests: 1, retries: 0, repaired: false,
      byModel: [{ model: MODEL, calls: 1, promptTokens: 100, completionTokens: 20 }],
    });
    expect(second.usage).toEqual({
      promptTokens: 240, completionTokens: 23, wallMs: 50, requests: 3, retries: 1, repaired: true,
      byModel: [{ model: MODEL, calls: 1, promptTokens: 240, completionTokens: 23 }],
    });
  });

  it("says when the gateway reported no usage, and puts a failed call's usage on its error", async () => {
    const server = await serve([reply.content(JSON.stringify(validAnswer), { usage: null }), reply.status(500), reply.status(401)]);
    const client = clientFor(server);

    const { usage } = await client.askJson(messages, chunkAnswerSchema);
    const error = (await rejectionOf(client.askJson(messages, chunkAnswerSchema))) as ModelCallError;

    expect(usage).toMatchObject({ promptTokens: null, completionTokens: null, requests: 1 });
    expect(error.usage).toMatchObject({ requests: 2, retries: 1, promptTokens: 0, completionTokens: 0 });
  });
});
