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

  it("sets aside an invalid comment with its reason, and keeps the rest of the answer", () => {
    const valid = (line: number) => ({ path: "src/a.ts", line, severity: "minor", body: `finding ${line}` });
    const parsed = chunkAnswerSchema.parse({
      summary: "Six findings.",
      comments: [valid(1), valid(2), { path: "src/a.ts", line: 0, severity: "major", body: "file-level" }, valid(3), valid(4), valid(5)],
    });
    expect(parsed.comments.map((c) => c.line)).toEqual([1, 2, 3, 4, 5]);
    expect(parsed.invalidComments).toEqual([
      { path: "src/a.ts", line: 0, reason: "line must be a line number of the file (1 or more), not 0" },
    ]);
  });

  it.each([
    ["a negative line", { line: -4 }, "line must be a line number of the file (1 or more), not -4", { line: -4 }],
    ["a missing body", { body: undefined }, "body must say what the problem is", {}],
    ["an unknown severity", { severity: "blocker" }, 'severity must be one of critical, major, minor, nit, not "blocker"', {}],
    ["a bad start_line", { start_line: "x" }, 'start_line must be a line number of the file (1 or more), not "x"', {}],
    ["an unknown side", { side: "MIDDLE" }, 'side must be RIGHT or LEFT, not "MIDDLE"', {}],
    ["no path", { path: "" }, 'path must be the path of a file of the diff, not ""', { path: undefined }],
  ])("names the reason for %s", (_name, patch, reason, shown) => {
    const comment = { path: "a.ts", line: 7, severity: "nit", body: "b", ...patch };
    const parsed = chunkAnswerSchema.parse({ summary: "", comments: [{ path: "ok.ts", line: 1, severity: "nit", body: "fine" }, comment] });
    expect(parsed.comments).toHaveLength(1);
    const expected: Record<string, unknown> = { path: "a.ts", line: 7, reason, ...shown };
    for (const key of Object.keys(expected)) if (expected[key] === undefined) delete expected[key];
    expect(parsed.invalidComments).toEqual([expected]);
  });

  it("names every problem of one comment, and a comment that is not an object", () => {
    const parsed = chunkAnswerSchema.parse({
      summary: "",
      comments: [{ path: "ok.ts", line: 1, severity: "nit", body: "fine" }, { file: "a.ts", line: "ten", severity: "nit", body: "b" }, "looks good"],
    });
    expect(parsed.invalidComments).toEqual([
      { reason: 'path must be the path of a file of the diff; line must be a line number of the file (1 or more), not "ten"' },
      { reason: 'the comment must be an object with path, line, severity and body, not "looks good"' },
    ]);
  });

  it("leaves invalidComments out when every comment is valid", () => {
    const parsed = chunkAnswerSchema.parse({ summary: "", comments: [{ path: "a.ts", line: 1, severity: "nit", body: "b" }] });
    expect(Object.keys(parsed)).toEqual(["summary", "comments"]);
  });

  it("fails (for a repair request) when not one comment is usable, naming each problem", () => {
    const result = chunkAnswerSchema.safeParse({
      summary: "s",
      comments: [{ file: "a.ts", line: 1, severity: "nit", body: "b" }, { path: "b.ts", line: 0, severity: "nit", body: "b" }],
    });
    expect(result.success).toBe(false);
    const problems = result.error!.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    expect(problems).toEqual([
      "comments.0.path: must be the path of a file of the diff",
      "comments.1.line: must be a line number of the file (1 or more)",
    ]);
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
