import { describe, expect, it } from "vitest";
import { parseJsonAnswer } from "../../src/llm/parse-json-answer.js";

const answer = { summary: "Looks fine", comments: [{ path: "a.ts", line: 3, severity: "nit", body: "Use `const x = {}` here" }] };

describe("parseJsonAnswer", () => {
  it("parses plain JSON", () => {
    expect(parseJsonAnswer(JSON.stringify(answer))).toEqual({ ok: true, value: answer });
  });

  it("takes the object out of a ```json fence", () => {
    expect(parseJsonAnswer("```json\n" + JSON.stringify(answer, null, 2) + "\n```")).toEqual({ ok: true, value: answer });
  });

  it("takes the object out of a bare ``` fence with prose around it", () => {
    const text = "Sure! Here it is:\n```\n" + JSON.stringify(answer) + "\n```\nHope that helps.";
    expect(parseJsonAnswer(text)).toEqual({ ok: true, value: answer });
  });

  it("finds the object in prose, past braces in the prose and inside strings", () => {
    const text = `I looked at {the diff} carefully.\n${JSON.stringify(answer)}\nThat's all {really}.`;
    expect(parseJsonAnswer(text)).toEqual({ ok: true, value: answer });
  });

  it("ignores a <think> block that contains braces", () => {
    const text = `<think>maybe {"summary": 1}?</think>\n${JSON.stringify(answer)}`;
    expect(parseJsonAnswer(text)).toEqual({ ok: true, value: answer });
  });

  it("unwraps a double-encoded answer", () => {
    expect(parseJsonAnswer(JSON.stringify(JSON.stringify(answer)))).toEqual({ ok: true, value: answer });
  });

  it("explains an empty answer", () => {
    expect(parseJsonAnswer("  \n")).toEqual({ ok: false, error: expect.stringMatching(/empty/) });
  });

  it("explains an answer without any object", () => {
    const result = parseJsonAnswer("I could not find any problems.");
    expect(result).toEqual({ ok: false, error: expect.stringContaining('no JSON object; it begins with: "I could not find') });
  });

  it("explains an array instead of an object", () => {
    expect(parseJsonAnswer("[1, 2]")).toEqual({ ok: false, error: expect.stringMatching(/an array, not a JSON object/) });
  });

  it("explains a truncated object", () => {
    const text = JSON.stringify(answer).slice(0, 40);
    expect(parseJsonAnswer(text)).toEqual({ ok: false, error: expect.stringMatching(/never closed.*cut off/) });
  });

  it("quotes the parser's complaint for broken JSON, not a nested object that happens to parse", () => {
    const text = '{"summary": "x", "comments": [{"path": "a.ts", "line": 1, "severity": "nit", "body": "b"}],}';
    const result = parseJsonAnswer(text);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(/^The JSON object is not valid JSON: .+/);
  });
});
