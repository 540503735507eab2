/**
 * Regression: ModelClient asked for `json_schema` by default while the config's default was
 * `json_object`, so the same gateway saw a different request from the library than from
 * the CLI, and a server that refuses json_schema failed only one of them.
 */
import { expect, it } from "vitest";
import { chunkAnswerSchema } from "../../src/llm/answer-schema.js";
import { reply, type RecordedRequest } from "../support/model-server.js";
import { OFF_BY_ONE, PROVIDER_KEY, modelServer, reviewThrough } from "../llm/gateway-harness.js";
import { clientFor, messages, serve, validAnswer } from "../llm/model-client-harness.js";

/** A server that refuses json_schema, as several OpenAI-compatible servers do. */
function noJsonSchema(answer: unknown) {
  return (request: RecordedRequest) =>
    request.body.response_format?.type === "json_schema"
      ? reply.status(400, { body: { error: { message: "response_format json_schema is not supported" } } })
      : reply.json(answer);
}

it("the library and the config ask for the same response_format by default", async () => {
  const library = await serve(noJsonSchema(validAnswer));
  await clientFor(library).askJson(messages, chunkAnswerSchema);

  const flow = await modelServer(noJsonSchema({ summary: "Reviewed.", comments: [OFF_BY_ONE] }));
  const { review } = await reviewThrough(flow, { env: { OPENAI_API_KEY: PROVIDER_KEY } });

  expect(review.failedChunks).toEqual([]);
  expect(library.requests[0]!.body.response_format).toEqual(flow.requests[0]!.body.response_format);
  expect(library.requests[0]!.body.response_format).toEqual({ type: "json_object" });
});
