/**
 * Regression: a model comment with `"line": "0x2"` was set aside as invalid with a reason
 * that quotes "0x2", yet listed with line 2 (`Number("0x2")`), so the dropped comment
 * pointed at a line the model never named. A string is read as a line only when it is
 * decimal digits, the same rule that decides whether the comment is valid.
 */
import { describe, expect, it } from "vitest";
import { chunkAnswerSchema } from "../../src/llm/answer-schema.js";

describe("regression: an invalid comment's line '0x2' was listed as line 2", () => {
  it.each(["0x2", "1e1", "0b11", " "])("lists no line for %j, and names it in the reason", (line) => {
    const parsed = chunkAnswerSchema.parse({
      summary: "",
      comments: [
        { path: "ok.ts", line: 1, severity: "nit", body: "fine" },
        { path: "a.ts", line, severity: "nit", body: "b" },
      ],
    });
    expect(parsed.invalidComments).toEqual([
      { path: "a.ts", reason: `line must be a line number of the file (1 or more), not ${JSON.stringify(line)}` },
    ]);
  });

  it("still lists a decimal string that is not a valid line as the number it says", () => {
    const parsed = chunkAnswerSchema.parse({
      summary: "",
      comments: [
        { path: "ok.ts", line: 1, severity: "nit", body: "fine" },
        { path: "a.ts", line: " 0 ", severity: "nit", body: "b" },
      ],
    });
    expect(parsed.invalidComments).toEqual([{ path: "a.ts", line: 0, reason: 'line must be a line number of the file (1 or more), not " 0 "' }]);
  });
});
