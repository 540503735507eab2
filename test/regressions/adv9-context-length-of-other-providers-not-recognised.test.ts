/**
 * Regression: a context-length error was recognised only in OpenAI's body shape and a few
 * phrasings, so the fallback to a model with a larger window did not happen for most
 * servers. The openai SDK reads only `{ "error": { "message" } }`: Workers AI's answer in
 * Cloudflare's API shape (`errors[]`, HTTP 413) and vLLM's top-level `message` became
 * "status code (no body)", with the reason lost from the error too; Anthropic's "exceed
 * context limit", Gemini's "input token count ... exceeds the maximum" and Hugging Face
 * TGI's 422 were not matched; Ollama's 500 was retried as if the server were down.
 */
import { expect, it } from "vitest";
import { configuredReview, diffOf } from "../support/configured-review.js";
import { reply, type RecordedRequest, type Reply } from "../support/model-server.js";

const status = (code: number, body: unknown): Reply => reply.status(code, { body });

const REFUSALS: Array<[string, Reply, string]> = [
  [
    "Workers AI, Cloudflare's API shape, 413",
    status(413, { success: false, result: null, messages: [], errors: [{ code: 5021, message: "5021: The estimated number of input and maximum output tokens (35000) exceeded this model context window limit (24000)" }] }),
    "exceeded this model context window limit (24000)",
  ],
  [
    "vLLM, top-level message",
    status(400, { object: "error", type: "BadRequestError", code: 400, message: "This model's maximum context length is 4096 tokens. However, you requested 5000 tokens." }),
    "maximum context length is 4096 tokens",
  ],
  [
    "vLLM, newer wording",
    status(400, { object: "error", type: "BadRequestError", code: 400, message: "The prompt (total length 5000) is too long to fit into the model (context length 4096)." }),
    "too long to fit into the model",
  ],
  ["Ollama, 500", status(500, { error: { message: "input length exceeds maximum context length", type: "api_error" } }), "exceeds maximum context length"],
  [
    "Anthropic through a gateway",
    status(400, { type: "error", error: { type: "invalid_request_error", message: "input length and `max_tokens` exceed context limit: 189136 + 20000 > 204648" } }),
    "exceed context limit",
  ],
  [
    "Gemini, an array body",
    status(400, [{ error: { code: 400, status: "INVALID_ARGUMENT", message: "The input token count (1200000) exceeds the maximum number of tokens allowed (1048576)." } }]),
    "input token count (1200000)",
  ],
  [
    "Hugging Face TGI, 422",
    status(422, { error_type: "validation", error: "Input validation error: `inputs` tokens + `max_new_tokens` must be <= 4096. Given: 5000 `inputs` tokens" }),
    "must be <= 4096",
  ],
];

it.each(REFUSALS)("%s: falls back to the larger model at once, and says why", async (_, refusal) => {
  const { review, requests } = await configuredReview({
    diff: diffOf({ "src/a.ts": 5 }),
    config: "model: small-window\nfallback_models: [large-window]\n",
    model: (request: RecordedRequest) => (request.body.model === "small-window" ? refusal : reply.json({ summary: "Part.", comments: [] })),
  });

  // One request to the small model: a context-length error is not retried.
  expect(requests.map((r) => r.body.model)).toEqual(["small-window", "large-window"]);
  expect(review!.failedChunks).toEqual([]);
  expect(review!.parts[0]).toMatchObject({ model: "large-window", outcome: "reviewed", fellBackFrom: ["small-window (context length exceeded)"] });
});

it.each(REFUSALS)("%s: without a fallback, the failed part says what the server said", async (_, refusal, words) => {
  const { review } = await configuredReview({ diff: diffOf({ "src/a.ts": 5 }), config: "model: small-window\n", model: () => refusal });

  expect(review!.failedChunks).toHaveLength(1);
  expect(review!.failedChunks[0]!.error).toContain("longer than the context window");
  expect(review!.failedChunks[0]!.error).toContain(words);
  expect(review!.failedChunks[0]!.error).not.toContain("no body");
});

it("an error body the SDK reads, and one that is not JSON, pass through as they were", async () => {
  const { review } = await configuredReview({
    diff: diffOf({ "src/a.ts": 5 }),
    config: "model: m\nmax_retries: 0\n",
    model: () => ({ kind: "raw", status: 503, contentType: "text/html", body: "<html>upstream connect error</html>" }),
  });
  expect(review!.failedChunks[0]!.error).toContain("<html>upstream connect error</html>");
});
