import { describe, expect, it } from "vitest";
import { chunkAnswerJsonSchema, chunkAnswerSchema, summaryAnswerSchema } from "../../src/llm/answer-schema.js";

describe("chunkAnswerSchema", () => {
  it("accepts the documented shape and fills in side RIGHT", () => {
    const parsed = chunkAnswerSchema.parse({
      summary: "One bug.",
      comments: [{ path: "src/a.ts", line: 12, severity: "major", body: "Off by one." }],
    });
    expect(parsed.comments[0]).toEqual({ path: "src/a.ts", line: 12, side: "RIGHT", severity: "major", body: "Off by one." });
  });

  it("forgives case, numeric strings and null optionals, and drops unknown fields", () => {
    const parsed = chunkAnswerSchema.parse({
      summary: "",
      verdict: "approve",
      comments: [
        {
          path: "a.ts",
          line: "7",
          start_line: " 5 ",
          side: "left",
          severity: " Critical",
          title: null,
          body: "b",
          suggestion: null,
          confidence: 0.9,
        },
      ],
    });
    expect(parsed).toEqual({
      summary: "",
      comments: [{ path: "a.ts", line: 7, start_line: 5, side: "LEFT", severity: "critical", body: "b" }],
    });
  });

  it.each([
    ["a zero line", { line: 0 }],
    ["a fractional line", { line: 1.5 }],
    ["a non-numeric line", { line: "ten" }],
    ["an unknown severity", { severity: "blocker" }],
    ["an unknown side", { side: "MIDDLE" }],
    ["an empty body", { body: "" }],
  ])("rejects %s", (_name, patch) => {
    const comment = { path: "a.ts", line: 1, severity: "nit", body: "b", ...patch };
    expect(chunkAnswerSchema.safeParse({ summary: "s", comments: [comment] }).success).toBe(false);
  });

  it("requires summary and comments", () => {
    expect(chunkAnswerSchema.safeParse({ comments: [] }).success).toBe(false);
    expect(chunkAnswerSchema.safeParse({ summary: "s" }).success).toBe(false);
  });
});

describe("summaryAnswerSchema", () => {
  it("takes the summary and ignores the rest", () => {
    expect(summaryAnswerSchema.parse({ summary: "All good", extra: 1 })).toEqual({ summary: "All good" });
  });
});

describe("chunkAnswerJsonSchema", () => {
  it("describes what the model writes: required fields, enums, no $schema", () => {
    const schema = chunkAnswerJsonSchema as {
      $schema?: string;
      required: string[];
      properties: { comments: { items: { required: string[]; properties: Record<string, { enum?: string[] }> } } };
    };
    expect(schema.$schema).toBeUndefined();
    expect(schema.required).toEqual(["summary", "comments"]);
    const item = schema.properties.comments.items;
    expect(item.required).toEqual(["path", "line", "severity", "body"]);
    expect(item.properties["severity"]?.enum).toEqual(["critical", "major", "minor", "nit"]);
    expect(item.properties["side"]?.enum).toEqual(["RIGHT", "LEFT"]);
    expect(Object.keys(item.properties)).toEqual(["path", "line", "start_line", "side", "severity", "title", "body", "suggestion"]);
  });
});
