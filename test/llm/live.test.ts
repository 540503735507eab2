/**
 * Optional: one real call to a real gateway. Runs only when AI_REVIEW_LIVE_BASE_URL,
 * AI_REVIEW_LIVE_MODEL (and, if the gateway needs one, AI_REVIEW_LIVE_API_KEY) are set;
 * CI never sets them, so it is skipped there.
 */
import { describe, expect, it } from "vitest";
import { chunkAnswerSchema } from "../../src/llm/answer-schema.js";
import { ModelClient } from "../../src/llm/model-client.js";
import type { ResponseFormatMode } from "../../src/llm/response-format-mode.js";

const baseURL = process.env["AI_REVIEW_LIVE_BASE_URL"];
const model = process.env["AI_REVIEW_LIVE_MODEL"];
const apiKey = process.env["AI_REVIEW_LIVE_API_KEY"];
const responseFormat = (process.env["AI_REVIEW_LIVE_RESPONSE_FORMAT"] ?? "json_object") as ResponseFormatMode;

describe.skipIf(!baseURL || !model)("live gateway", () => {
  it("reviews a tiny diff into a valid chunk answer", { timeout: 180_000 }, async () => {
    const client = new ModelClient({
      baseURL: baseURL ?? "",
      model: model ?? "",
      ...(apiKey ? { apiKey } : {}),
      maxTokens: 1024,
      timeoutMs: 120_000,
      responseFormat,
    });
    const { value, usage } = await client.askJson(
      [
        {
          role: "system",
          content:
            'You review code diffs. Answer with one JSON object: {"summary": string, "comments": [{"path": string, ' +
            '"line": number, "severity": "critical"|"major"|"minor"|"nit", "body": string}]}.',
        },
        {
          role: "user",
          content: "File src/sum.ts, new lines:\n1 export function sum(xs: number[]) {\n2   let t = 0;\n3   for (const i in xs) t += Number(i);\n4   return t;\n5 }",
        },
      ],
      chunkAnswerSchema,
      { schemaName: "chunk_review" },
    );
    expect(typeof value.summary).toBe("string");
    expect(usage.requests).toBeGreaterThanOrEqual(1);
  });
});
