/**
 * Regression: `max_tokens` was sent to every model, and OpenAI's reasoning models (o1, o3,
 * o4-mini, gpt-5) answer it with a 400, so every part of the review failed. The server
 * here refuses it as OpenAI does.
 */
import { expect, it } from "vitest";
import { reply, type RecordedRequest } from "../support/model-server.js";
import { OFF_BY_ONE, PROVIDER_KEY, modelServer, reviewThrough } from "../llm/gateway-harness.js";

function openAiReasoningModel(request: RecordedRequest) {
  if ("max_tokens" in request.body) {
    return reply.status(400, {
      body: { error: { message: "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.", type: "invalid_request_error" } },
    });
  }
  return reply.json({ summary: "Reviewed.", comments: [OFF_BY_ONE] });
}

it.each(["o3-mini", "gpt-5-mini"])("a review with %s completes, its cap sent as max_completion_tokens", async (model) => {
  const server = await modelServer(openAiReasoningModel);
  const { review } = await reviewThrough(server, { env: { OPENAI_API_KEY: PROVIDER_KEY, AI_REVIEW_MODEL: model } });

  expect(review.failedChunks).toEqual([]);
  expect(review.comments.map((c) => c.title)).toEqual([OFF_BY_ONE.title]);
  expect(server.requests[0]!.body.max_completion_tokens).toBe(4096);
});
