import { describe, expect, it } from "vitest";
import { countTokens } from "../../src/core/count-tokens.js";
import { parseDiffText } from "../../src/core/parse-diff-text.js";
import { renderFile, visibleLines } from "../../src/core/render-file.js";

const DIFF = `diff --git a/src/a.ts b/src/a.ts
--- a/src/a.ts
+++ b/src/a.ts
@@ -1,9 +1,9 @@
 one
 two
-three
+THREE
 four
 five
 six
 seven
-eight
+EIGHT
 nine
`;

describe("renderFile", () => {
  const [file] = parseDiffText(DIFF);

  it("numbers new lines plainly and old lines with L, so the model can cite either side", () => {
    const rendered = renderFile(file!, { contextLines: 3, maxTokens: 10_000, countTokens });
    expect(rendered.header).toBe("### src/a.ts (modified)\n");
    expect(rendered.pieces).toHaveLength(1);
    expect(rendered.pieces[0]!.text).toBe(
      "@@ -1,9 +1,9 @@\n1 one\n2 two\nL3-three\n3+THREE\n4 four\n5 five\n6 six\n7 seven\nL8-eight\n8+EIGHT\n9 nine\n",
    );
    expect(rendered.tokens).toBe(countTokens(rendered.header) + countTokens(rendered.pieces[0]!.text));
    expect(rendered.pieces[0]!.newRange).toEqual({ start: 1, end: 9 });
  });

  it("keeps only the configured context, marking the gap", () => {
    const lines = visibleLines(file!.hunks[0]!, 1);
    expect(lines.map((l) => (l ? l.text : "..."))).toEqual(["two", "three", "THREE", "four", "...", "seven", "eight", "EIGHT", "nine"]);
    expect(visibleLines(file!.hunks[0]!, 0).map((l) => (l ? l.text : "..."))).toEqual(["three", "THREE", "...", "eight", "EIGHT"]);
  });

  it("cuts a hunk larger than a request at line boundaries, every piece within the budget", () => {
    const body = Array.from({ length: 400 }, (_, i) => `+const value${i} = compute(${i}, "some text to make it longer");`).join("\n");
    const [big] = parseDiffText(`diff --git a/b.ts b/b.ts\nnew file mode 100644\n--- /dev/null\n+++ b/b.ts\n@@ -0,0 +1,400 @@\n${body}\n`);
    const rendered = renderFile(big!, { contextLines: 3, maxTokens: 1_000, countTokens });
    expect(rendered.pieces.length).toBeGreaterThan(4);
    for (const piece of rendered.pieces) expect(piece.tokens + rendered.headerTokens).toBeLessThanOrEqual(1_000);
    const shown = rendered.pieces.flatMap((p) => p.text.split("\n").filter((l) => /^\d+\+/.test(l)).map((l) => Number(l.split("+")[0])));
    expect(shown).toEqual(Array.from({ length: 400 }, (_, i) => i + 1));
  });

  it("drops the CR of CRLF lines in what the model reads", () => {
    const [crlf] = parseDiffText("diff --git a/w.txt b/w.txt\n--- a/w.txt\n+++ b/w.txt\n@@ -1 +1 @@\n-old\r\n+new\r\n");
    expect(renderFile(crlf!, { contextLines: 3, maxTokens: 1000, countTokens }).pieces[0]!.text).toBe("@@ -1,1 +1,1 @@\nL1-old\n1+new\n");
  });
});
