import { describe, expect, it } from "vitest";
import { createPacker } from "../../src/core/plan.js";
import type { RenderedFile } from "../../src/core/render-file.js";

/** A rendered file whose pieces have the given token counts (the heading counts 2). */
function file(path: string, pieceTokens: number[]): RenderedFile {
  const pieces = pieceTokens.map((tokens, i) => ({ text: `${path}#${i}\n`, tokens, newRange: { start: i * 10 + 1, end: i * 10 + 5 } }));
  return { path, header: `### ${path}\n`, headerTokens: 2, pieces, tokens: 2 + pieceTokens.reduce((a, b) => a + b, 0) };
}

describe("createPacker", () => {
  it("lets small files share a request, first fit in diff order", () => {
    const packer = createPacker({ request: 100, review: 10_000 });
    for (const f of [file("a", [30]), file("b", [30]), file("c", [30]), file("d", [10])]) expect(packer.add(f)).toBe(true);
    const { chunks, notReviewed, tokens } = packer.finish();
    expect(chunks.map((c) => c.files.map((f) => f.path))).toEqual([["a", "b", "c"], ["d"]]);
    expect(chunks.map((c) => c.tokens)).toEqual([96, 12]);
    expect(tokens).toBe(108);
    expect(notReviewed).toEqual([]);
    expect(chunks[0]!.text).toBe("### a\na#0\n### b\nb#0\n### c\nc#0\n");
  });

  it("cuts a file too big for one request between its pieces, repeating its heading", () => {
    const packer = createPacker({ request: 100, review: 10_000 });
    packer.add(file("small", [10]));
    packer.add(file("big", [60, 60, 30, 20]));
    packer.add(file("tail", [5]));
    const { chunks } = packer.finish();
    expect(chunks.map((c) => c.files.map((f) => `${f.path} ${f.part}/${f.parts}`))).toEqual([
      ["small 1/1"],
      ["big 1/3"],
      ["big 2/3"],
      ["big 3/3", "tail 1/1"],
    ]);
    for (const c of chunks) expect(c.tokens).toBeLessThanOrEqual(100);
    expect(chunks[2]!.text.startsWith("### big\n")).toBe(true);
  });

  it("lists the file that meets a spent review budget, and every file after it, as not reviewed", () => {
    const packer = createPacker({ request: 100, review: 70 });
    expect(packer.add(file("a", [30]))).toBe(true);
    expect(packer.add(file("b", [30]))).toBe(true);
    expect(packer.add(file("c", [30]))).toBe(false);
    packer.skip("d");
    const { chunks, notReviewed } = packer.finish();
    expect(chunks.flatMap((c) => c.files.map((f) => f.path))).toEqual(["a", "b"]);
    expect(notReviewed.map((n) => [n.path, n.reason])).toEqual([["c", "review-budget"], ["d", "review-budget"]]);
    expect(notReviewed[0]!.detail).toMatch(/review_token_budget/);
  });

  it("reports a piece that can never fit (one enormous line) instead of sending an oversized request", () => {
    const packer = createPacker({ request: 100, review: 10_000 });
    expect(packer.add(file("min.js", [500]))).toBe(true);
    const { chunks, notReviewed } = packer.finish();
    expect(chunks).toEqual([]);
    expect(notReviewed[0]).toMatchObject({ path: "min.js", reason: "line-too-long" });
  });

  it("gives the same plan for the same input", () => {
    const run = () => {
      const packer = createPacker({ request: 90, review: 1_000 });
      for (let i = 0; i < 30; i++) packer.add(file(`f${i}`, [(i * 37) % 50 + 1, (i * 11) % 40 + 1]));
      return packer.finish();
    };
    expect(run()).toEqual(run());
  });
});
