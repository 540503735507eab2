/**
 * Adversary: `git diff -b` counts CR as whitespace, so a space inside a line replaced by a
 * lone CR is "whitespace-only" and the file is skipped (a reason the change does not
 * control, so approval stands). But a lone CR ends a line in JavaScript, C, C#, Java and
 * more: a commented-out call becomes a live one (`// ... dropAllTables(db);` -> `// ...\r
 * dropAllTables(db);`). Only CR at the end of a line (CRLF) is spacing.
 */
import { describe, expect, it } from "vitest";
import { reviewBranch } from "../support/review-branch.js";

const ADD = "export function add(a, b) {\n  return a + b;\n}\n";
const reset = (sep: string) => `export function reset(db) {\n  // to wipe everything:${sep}dropAllTables(db);\n  return db;\n}\n`;

describe("adversary: a CR inside a line skipped as whitespace-only", () => {
  it("reviews (or at least never approves) a lone CR that un-comments a call", async () => {
    const { review, sent } = await reviewBranch({
      base: { "src/add.js": ADD, "src/reset.js": reset(" ") },
      branch: { "src/add.js": ADD.replace("a + b", "a - b"), "src/reset.js": reset("\r") },
    });
    // The call really runs now: the CR ended the comment.
    expect(() => new Function("dropAllTables", "db", reset("\r").replace("export ", "") + "reset(db);")(() => { throw new Error("ran"); }, {})).toThrow("ran");
    const skippedAsWhitespace = review.skipped.some((s) => s.path === "src/reset.js" && s.reason === "whitespace-only");
    expect(skippedAsWhitespace && review.verdict === "approve").toBe(false);
    expect(sent).toContain("dropAllTables");
  });
});
