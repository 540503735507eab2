import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config.js";
import { chunkAnswerSchema, summaryAnswerSchema } from "../../src/llm/answer-schema.js";
import { ModelAnswerError } from "../../src/llm/model-answer-error.js";
import { reply } from "../support/model-server.js";
import { API_KEY, MODEL, clientFor, messages, parsedAnswer, rejectionOf, serve, validAnswer } from "./model-client-harness.js";

describe("ModelClient.askJson answers", () => {
  it("sends model, messages, max_tokens and a json_schema response_format, and returns the parsed answer", async () => {
    const server = await serve([reply.json(validAnswer)]);
    const client = clientFor(server, { responseFormat: "json_schema" });

    const { value, usage } = await client.askJson(messages, chunkAnswerSchema, { schemaName: "chunk_review" });

    expect(value).toEqual(parsedAnswer);
    expect(usage).toMatchObject({ requests: 1, retries: 0, repaired: false });
    const [request] = server.requests;
    expect(request?.path).toBe("/v1/chat/completions");
    expect(request?.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(request?.body).toMatchObject({ model: MODEL, max_tokens: 2048, messages });
    expect(request?.body).not.toHaveProperty("temperature");
    expect(request?.body.response_format).toMatchObject({
      type: "json_schema",
      json_schema: { name: "chunk_review", strict: false, schema: { type: "object", required: ["summary", "comments"] } },
    });
  });

  it("asks for json_object by default, the same default as the config's response_format", async () => {
    const server = await serve([reply.json(validAnswer)]);

    await clientFor(server).askJson(messages, chunkAnswerSchema);

    expect(server.requests[0]?.body.response_format).toEqual({ type: "json_object" });
    expect(parseConfig({}, "defaults").response_format).toBe("json_object");
  });

  it("sends response_format json_object, or none at all, and a temperature when set", async () => {
    const server = await serve([reply.json(validAnswer), reply.json(validAnswer)]);

    await clientFor(server, { responseFormat: "json_object", temperature: 0.2 }).askJson(messages, chunkAnswerSchema);
    await clientFor(server, { responseFormat: "none" }).askJson(messages, chunkAnswerSchema);

    expect(server.requests[0]?.body).toMatchObject({ response_format: { type: "json_object" }, temperature: 0.2 });
    expect(server.requests[1]?.body).not.toHaveProperty("response_format");
  });

  it("derives the json_schema from whichever zod schema is asked for", async () => {
    const server = await serve([reply.json({ summary: "Fine." })]);

    const { value } = await clientFor(server, { responseFormat: "json_schema" }).askJson(messages, summaryAnswerSchema);

    expect(value).toEqual({ summary: "Fine." });
    expect(server.requests[0]?.body.response_format?.json_schema).toMatchObject({
      name: "answer",
      schema: { properties: { summary: { type: "string" } }, required: ["summary"] },
    });
  });

  it("accepts fenced JSON without a repair", async () => {
    const server = await serve([reply.fenced(validAnswer)]);
    const { value, usage } = await clientFor(server).askJson(messages, chunkAnswerSchema);
    expect(value).toEqual(parsedAnswer);
    expect(usage.repaired).toBe(false);
    expect(server.requests).toHaveLength(1);
  });

  it("accepts JSON with prose around it without a repair", async () => {
    const server = await serve([reply.prose(validAnswer)]);
    const { value } = await clientFor(server).askJson(messages, chunkAnswerSchema);
    expect(value).toEqual(parsedAnswer);
    expect(server.requests).toHaveLength(1);
  });

  it("repairs invalid JSON with one request that shows the bad answer and quotes the error", async () => {
    const broken = '{"summary": "One real problem.", "comments": [{"path": "src/sum.ts" "line": 4}]}';
    const server = await serve([reply.content(broken), reply.json(validAnswer)]);

    const { value, usage } = await clientFor(server).askJson(messages, chunkAnswerSchema);

    expect(value).toEqual(parsedAnswer);
    expect(usage).toMatchObject({ requests: 2, retries: 0, repaired: true });
    const repair = server.requests[1]?.body;
    expect(repair?.messages.slice(0, 2)).toEqual(messages);
    expect(repair?.messages[2]).toEqual({ role: "assistant", content: broken });
    expect(repair?.messages[3]?.role).toBe("user");
    expect(repair?.messages[3]?.content).toMatch(/could not be used: The JSON object is not valid JSON: .*position/);
    expect(repair?.messages[3]?.content).toMatch(/only the corrected JSON object/);
    expect(repair?.response_format).toEqual(server.requests[0]?.body.response_format);
  });

  it("repairs an answer that was cut off at max_tokens, saying so", async () => {
    const server = await serve([reply.content('{"summary": "A long', { finishReason: "length" }), reply.json(validAnswer)]);
    await clientFor(server).askJson(messages, chunkAnswerSchema);
    expect(server.requests[1]?.body.messages[3]?.content).toMatch(/cut off at the limit of 2048 tokens/);
  });

  it("throws ModelAnswerError with the problem and an excerpt when the schema is wrong twice", async () => {
    const wrong = { summary: "ok", comments: [{ file: "src/sum.ts", line: "four", severity: "blocker", text: "bad" }] };
    const server = await serve([reply.json(wrong), reply.json(wrong)]);

    const error = await rejectionOf(clientFor(server).askJson(messages, chunkAnswerSchema));

    expect(error).toBeInstanceOf(ModelAnswerError);
    const answerError = error as ModelAnswerError;
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]?.body.messages[3]?.content).toMatch(/does not match the expected format[\s\S]*comments\[0\]\.path/);
    expect(answerError.problem).toMatch(/comments\[0\]\.severity/);
    expect(answerError.excerpt).toBe(JSON.stringify(wrong));
    expect(answerError.message).toContain(MODEL);
    expect(answerError.message).toContain(server.baseURL);
    expect(answerError.usage).toMatchObject({ requests: 2, repaired: true });
  });
});
