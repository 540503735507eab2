import { describe, expect, it } from "vitest";
import { byImportance } from "../../src/core/file-importance.js";

const file = (path: string, additions: number, deletions = 0) => ({ path, additions, deletions });

describe("byImportance", () => {
  it("puts files singled out by path instructions first, then the larger changes, ties in diff order", () => {
    const files = [file("docs/a.md", 3), file("src/big.ts", 40, 10), file("src/db/query.ts", 2), file("src/mid.ts", 10), file("src/also-mid.ts", 5, 5)];
    expect(byImportance(files, ["src/db/**"]).map((f) => f.path)).toEqual(["src/db/query.ts", "src/big.ts", "src/mid.ts", "src/also-mid.ts", "docs/a.md"]);
  });

  it("orders by size alone without path instructions, and keeps the input as it was", () => {
    const files = [file("a", 1), file("b", 3), file("c", 2)];
    expect(byImportance(files, []).map((f) => f.path)).toEqual(["b", "c", "a"]);
    expect(files.map((f) => f.path)).toEqual(["a", "b", "c"]);
  });
});
