import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { countTokens, lineNumberTokens, reviewTokenCounter } from "../../src/core/count-tokens.js";
import { parseDiffText } from "../../src/core/parse-diff-text.js";
import { renderFile } from "../../src/core/render-file.js";

const ROOT = path.resolve(import.meta.dirname, "../..");

function filesUnder(dir: string, keep: (name: string) => boolean): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(full, keep);
    return keep(entry.name) ? [full] : [];
  });
}

/** Real text: this project's code, prompts and fixtures, and a large library typing and readme. */
const REAL_FILES = [
  ...filesUnder(path.join(ROOT, "src"), (name) => name.endsWith(".ts")),
  ...filesUnder(path.join(ROOT, "fixtures"), () => true),
  ...filesUnder(path.join(ROOT, "prompts"), () => true),
  path.join(ROOT, "README.md"),
  path.join(ROOT, "node_modules/typescript/lib/lib.es5.d.ts"),
  path.join(ROOT, "node_modules/openai/README.md"),
];

/** Every char class o200k's pre-tokenizer tells apart, and the chars it treats specially. */
const ASCII_PARTS = ["a", "z", "Q", "Z", "0", "7", " ", "  ", "\t", "\n", "\r", "\r\n", "\v", "\f", "'", "'s", "'LL", "'ve", "'re", "'D", "/", "//", "+", "-", "{", ".", "_", "$", "\x00", "\x1f", "\x7f", "ab", "Ab", "AB", "aB", "123456"];

describe("reviewTokenCounter", () => {
  it("counts every line of real files as the library does, ASCII or not", () => {
    const count = reviewTokenCounter();
    const lines = REAL_FILES.flatMap((file) => readFileSync(file, "utf8").split("\n"));
    expect(lines.length).toBeGreaterThan(20_000);
    const wrong = lines.flatMap((line) => [`${line}\n`, ` ${line}`]).filter((text) => count(text) !== countTokens(text));
    expect(wrong).toEqual([]);
  });

  it("counts whole real files as the library does, whatever it counted before", () => {
    const count = reviewTokenCounter();
    for (const file of REAL_FILES) {
      const text = readFileSync(file, "utf8");
      expect(count(text), file).toBe(countTokens(text));
    }
  });

  it("counts random ASCII text as the library does", () => {
    const count = reviewTokenCounter();
    const text = fc.array(fc.constantFrom(...ASCII_PARTS), { maxLength: 40 }).map((parts) => parts.join(""));
    fc.assert(fc.property(text, (t) => count(t) === countTokens(t)), { numRuns: 3000 });
    fc.assert(fc.property(fc.string({ unit: "binary-ascii", maxLength: 60 }), (t) => count(t) === countTokens(t)), { numRuns: 3000 });
  });

  it("counts non-ASCII text as the library does", () => {
    const count = reviewTokenCounter();
    for (const text of ["naïve café\n", "日本語のコメント // ok\n", "emoji 🎉 done\n", "Ünïcödé'S x"]) expect(count(text)).toBe(countTokens(text));
  });
});

describe("lineNumberTokens", () => {
  it("counts a line number, new or old, as the library does", () => {
    const numbers = [...Array.from({ length: 20_000 }, (_, i) => i), 99_999, 100_000, 999_999, 1_000_000, 123_456_789, 1_000_000_000, 2 ** 31];
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 40 }), (n) => lineNumberTokens(n, true) === countTokens(`L${n}`)), { numRuns: 2000 });
    const wrong = numbers.filter((n) => lineNumberTokens(n, false) !== countTokens(`${n}`) || lineNumberTokens(n, true) !== countTokens(`L${n}`));
    expect(wrong).toEqual([]);
  });
});

describe("renderFile counts line by line", () => {
  it("sums to the library's count of each piece and of the file, on real diffs", () => {
    // A series holds several commits, which a review does not take.
    const diffs = filesUnder(path.join(ROOT, "fixtures/diffs"), (name) => /\.(diff|patch|txt)$/.test(name) && !name.includes("series"));
    let pieces = 0;
    for (const diff of diffs) {
      for (const file of parseDiffText(readFileSync(diff, "utf8"))) {
        for (const maxTokens of [100_000, 60]) {
          const rendered = renderFile(file, { contextLines: 3, maxTokens, countTokens: reviewTokenCounter() });
          for (const piece of rendered.pieces) expect(piece.tokens, `${diff} ${file.path}`).toBe(countTokens(piece.text));
          expect(rendered.tokens).toBe(countTokens(rendered.header + rendered.pieces.map((p) => p.text).join("")));
          pieces += rendered.pieces.length;
        }
      }
    }
    expect(pieces).toBeGreaterThan(10);
  });

  it("sums to the library's count for files made of real lines, any numbers and markers", () => {
    const real = REAL_FILES.flatMap((file) => readFileSync(file, "utf8").split("\n"));
    const line = fc.record({
      kind: fc.constantFrom("add", "del", "context"),
      text: fc.constantFrom(...real),
      at: fc.integer({ min: 1, max: 1_000_000 }),
    });
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 30 }), (lines) => {
        const body = lines.map((l) => `${l.kind === "add" ? "+" : l.kind === "del" ? "-" : " "}${l.text}`).join("\n");
        const olds = lines.filter((l) => l.kind !== "add").length;
        const news = lines.filter((l) => l.kind !== "del").length;
        const start = lines[0]!.at;
        const [file] = parseDiffText(`diff --git a/x.ts b/x.ts\n--- a/x.ts\n+++ b/x.ts\n@@ -${start},${olds} +${start},${news} @@\n${body}\n`);
        const rendered = renderFile(file!, { contextLines: 1, maxTokens: 100_000, countTokens: reviewTokenCounter() });
        return rendered.pieces.every((piece) => piece.tokens === countTokens(piece.text));
      }),
      { numRuns: 500 },
    );
  });
});
