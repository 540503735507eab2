/**
 * Model routing: ModelClients (the real openai SDK) for two models on one loopback server,
 * behind a ModelRouter. The next model is tried only when another model can help: 5xx
 * after the client's retries, a timeout, 404 model-not-found, a context-length error.
 */
import { describe, expect, it } from "vitest";
import { chunkAnswerSchema, summaryAnswerSchema } from "../../src/llm/answer-schema.js";
import { ModelCallError } from "../../src/llm/model-call-error.js";
import { ModelRouter, ModelsFailedError } from "../../src/llm/model-router.js";
import { reply, type ModelServer, type Reply } from "../support/model-server.js";
import { clientFor, messages, rejectionOf, serve, validAnswer } from "./model-client-harness.js";

const STRONG = "strong-model";
const BACKUP = "backup-model";

/** The first model fails with `failure` (every attempt); the backup answers. */
async function routeWith(failure: Reply, options: { maxRetries?: number; timeoutMs?: number } = {}) {
  const server = await serve((request) => (request.body.model === STRONG ? failure : reply.json(validAnswer)));
  return { server, router: router(server, options) };
}

function router(server: ModelServer, options: { maxRetries?: number; timeoutMs?: number } = {}): ModelRouter {
  const make = (model: string) => ({ name: model, model: clientFor(server, { model, maxRetries: options.maxRetries ?? 1, timeoutMs: options.timeoutMs ?? 5_000 }) });
  return new ModelRouter({ review: [make(STRONG), make(BACKUP)] });
}

const modelsAsked = (server: ModelServer) => server.requests.map((r) => r.body.model);

const error = (status: number, message: string, code: string | null = null) =>
  reply.status(status, { body: { error: { message, type: "invalid_request_error", param: null, code } } });

describe("ModelRouter: falls back to the next model", () => {
  const cases: Array<[string, Reply, string, { maxRetries?: number; timeoutMs?: number }?]> = [
    ["500, after the client's own retries", reply.status(500, { body: { error: { message: "upstream failed" } } }), "500"],
    ["503", reply.status(503, { body: { error: { message: "overloaded" } } }), "503"],
    ["a timeout", reply.hang(), "timeout", { timeoutMs: 150 }],
    ["404 model not found", error(404, `The model \`${STRONG}\` does not exist or you do not have access to it.`, "model_not_found"), "404, model not found"],
    [
      "a context-length error (OpenAI's code)",
      error(400, "This model's maximum context length is 8192 tokens. However, your messages resulted in 9000 tokens.", "context_length_exceeded"),
      "context length exceeded",
    ],
    ["a context-length error said in words (400, no code)", error(400, "prompt is too long: 210000 tokens > 200000 maximum"), "context length exceeded"],
  ];
  for (const [name, failure, why, options] of cases) {
    it(`on ${name}`, async () => {
      const { server, router } = await routeWith(failure, options);
      const answer = await router.askJson(messages, chunkAnswerSchema);

      expect(answer.model).toBe(BACKUP);
      expect(answer.fellBackFrom).toEqual([`${STRONG} (${why})`]);
      expect(answer.value.summary).toBe(validAnswer.summary);
      // A 5xx or a timeout is retried by the client first (max_retries: 1); 404 and 400 are not.
      const retried = why === "500" || why === "503" || why === "timeout";
      expect(modelsAsked(server)).toEqual([...(retried ? [STRONG, STRONG] : [STRONG]), BACKUP]);
      // The usage covers both models: the failed attempts' requests count, the tokens are the backup's.
      expect(answer.usage.requests).toBe(server.requests.length);
      expect(answer.usage.byModel).toEqual([
        { model: STRONG, calls: 1, promptTokens: 0, completionTokens: 0 },
        { model: BACKUP, calls: 1, promptTokens: expect.any(Number), completionTokens: expect.any(Number) },
      ]);
    });
  }
});

describe("ModelRouter: does not fall back when another model cannot help", () => {
  const cases: Array<[string, Reply, string]> = [
    ["401 (the key)", error(401, "Incorrect API key provided"), "unauthorized"],
    ["403 (the model is refused to this key)", error(403, "You are not allowed to use this model"), "forbidden"],
    ["another 400", error(400, "Invalid value for 'response_format'"), "bad-request"],
    ["429 (the gateway's rate limit, shared by its models)", reply.rateLimited({}), "retries-exhausted"],
  ];
  for (const [name, failure, reason] of cases) {
    it(`on ${name}`, async () => {
      const { server, router } = await routeWith(failure);
      const rejection = await rejectionOf(router.askJson(messages, chunkAnswerSchema));

      expect(rejection).toBeInstanceOf(ModelCallError);
      expect((rejection as ModelCallError).reason).toBe(reason);
      expect(modelsAsked(server)).not.toContain(BACKUP);
    });
  }
});

describe("ModelRouter", () => {
  it("says what each model answered when every one failed, and counts what they spent", async () => {
    const server = await serve((request) =>
      request.body.model === STRONG ? reply.status(503, { body: { error: { message: "overloaded" } } }) : error(404, "no such model", "model_not_found"),
    );
    const rejection = await rejectionOf(router(server, { maxRetries: 0 }).askJson(messages, chunkAnswerSchema));

    expect(rejection).toBeInstanceOf(ModelsFailedError);
    expect(rejection.message).toMatch(new RegExp(`^model "${STRONG} \\(503\\)" failed, then: Model "${BACKUP}" at base URL .* answered 404`));
    expect((rejection as ModelsFailedError).usage).toMatchObject({ requests: 2, byModel: [{ model: STRONG }, { model: BACKUP }] });
  });

  it("sends the summary pass to the summary model, and falls back from it to the review models", async () => {
    const server = await serve((request) =>
      request.body.model === "light-model" ? reply.status(502, { body: { error: { message: "bad gateway" } } }) : reply.json({ summary: "Overall." }),
    );
    const make = (model: string) => ({ name: model, model: clientFor(server, { model, maxRetries: 0 }) });
    const routed = new ModelRouter({ review: [make(STRONG)], summary: [make("light-model"), make(STRONG)] });

    const summary = await routed.askJson(messages, summaryAnswerSchema, { pass: "summary" });
    expect(summary).toMatchObject({ model: STRONG, fellBackFrom: ["light-model (502)"] });
    await routed.askJson(messages, summaryAnswerSchema, { pass: "review" });
    expect(modelsAsked(server)).toEqual(["light-model", STRONG, STRONG]);
  });
});
