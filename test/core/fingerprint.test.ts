import { describe, expect, it } from "vitest";
import { anchorFindings, type AnchoredComment } from "../../src/core/anchor.js";
import type { Finding } from "../../src/core/finding.js";
import { FINGERPRINT_LENGTH, fingerprint, normalizeText } from "../../src/core/fingerprint.js";
import { parseDiffText } from "../../src/core/parse-diff-text.js";

/** A diff of `path` changing one line after `above` unchanged lines (shown as context). */
function diffWithChangeAfter(above: number, path = "src/user.ts"): string {
  const context = Array.from({ length: above }, (_, i) => ` // line ${i + 1}`);
  const shown = context.slice(-3);
  const start = above - shown.length + 1;
  return [
    `diff --git a/${path} b/${path}`,
    "index 1111111..2222222 100644",
    `--- a/${path}`,
    `+++ b/${path}`,
    `@@ -${start},${shown.length + 2} +${start},${shown.length + 2} @@`,
    ...shown,
    "-  return user.name;",
    "+  return user?.name;",
    " }",
    "",
  ].join("\n");
}

function anchoredAt(diff: string, finding: Omit<Finding, "line"> & { line: number }): AnchoredComment {
  const { comments, outsideDiff } = anchorFindings([finding], parseDiffText(diff));
  expect(outsideDiff).toEqual([]);
  return comments[0]!;
}

const FINDING: Finding = {
  path: "src/user.ts",
  line: 6,
  side: "RIGHT",
  severity: "major",
  title: "Optional chaining hides a missing user",
  body: "If `user` is undefined this returns undefined silently; callers expect a string.",
  source: "model",
};

describe("fingerprint", () => {
  it("stays the same when the code moves down 10 lines", () => {
    const before = anchoredAt(diffWithChangeAfter(5), { ...FINDING, line: 6 });
    const after = anchoredAt(diffWithChangeAfter(15), { ...FINDING, line: 16 });
    expect(before.lineText).toBe("  return user?.name;");
    expect(after.line).toBe(16);
    expect(fingerprint(after)).toBe(fingerprint(before));
  });

  it("is 16 lowercase hex digits, and does not change between versions", () => {
    const print = fingerprint({ path: "src/user.ts", side: "RIGHT", title: "Null check", body: "b", lineText: "  x();" });
    expect(FINGERPRINT_LENGTH).toBe(16);
    expect(print).toMatch(/^[0-9a-f]{16}$/);
    // Posted markers hold fingerprints: a new release must compute the same ones, or every
    // re-review would post everything again. Changing the recipe means changing its version tag.
    expect(print).toBe("f9a212ca414f11bd");
  });

  it("ignores severity, line numbers, suggestion, source, case, whitespace and indentation", () => {
    const base = { path: "a.ts", side: "RIGHT" as const, title: "Null  check", body: "b", lineText: "  x();" };
    const print = fingerprint(base);
    expect(fingerprint({ ...base, title: " null\tCHECK " })).toBe(print);
    expect(fingerprint({ ...base, lineText: "\t\tx();\r" })).toBe(print);
    const comment = { ...base, line: 3, severity: "nit", suggestion: "y();", source: "secret-scan" };
    const elsewhere = { ...comment, line: 300, severity: "critical" };
    expect(fingerprint(comment)).toBe(print);
    expect(fingerprint(elsewhere)).toBe(print);
  });

  it("reads the title, and the body only when there is no title", () => {
    const base = { path: "a.ts", side: "RIGHT" as const, lineText: "x();" };
    expect(fingerprint({ ...base, title: "T", body: "one" })).toBe(fingerprint({ ...base, title: "T", body: "two" }));
    expect(fingerprint({ ...base, body: "one" })).not.toBe(fingerprint({ ...base, body: "two" }));
    expect(fingerprint({ ...base, title: "", body: "one" })).toBe(fingerprint({ ...base, body: "one" }));
    expect(fingerprint({ ...base, title: "  ", body: "one" })).toBe(fingerprint({ ...base, body: "One" }));
  });

  it("differs for another file, side, text or line of code", () => {
    const base = { path: "a.ts", side: "RIGHT" as const, title: "Null check", body: "b", lineText: "x();" };
    const prints = [
      fingerprint(base),
      fingerprint({ ...base, path: "b.ts" }),
      fingerprint({ ...base, side: "LEFT" }),
      fingerprint({ ...base, title: "Race condition" }),
      fingerprint({ ...base, lineText: "y();" }),
      fingerprint(base, 1),
      fingerprint(base, 2),
    ];
    expect(new Set(prints).size).toBe(prints.length);
  });

  it("keeps numbers and quoted identifiers apart", () => {
    const base = { path: "a.ts", side: "RIGHT" as const, body: "", lineText: "f(a, b);" };
    expect(fingerprint({ ...base, title: "`a` may be null" })).not.toBe(fingerprint({ ...base, title: "`b` may be null" }));
    expect(fingerprint({ ...base, title: "off by 1" })).not.toBe(fingerprint({ ...base, title: "off by 2" }));
  });

  it("cannot be fooled by moving text between parts", () => {
    const a = fingerprint({ path: "a", side: "RIGHT", title: "b c", body: "", lineText: "d" });
    const b = fingerprint({ path: "a", side: "RIGHT", title: "b", body: "", lineText: "c d" });
    expect(a).not.toBe(b);
  });
});

describe("normalizeText", () => {
  it("lowercases and collapses whitespace, keeping everything else", () => {
    expect(normalizeText("  Use `fooBar`\n\tnot  42 ")).toBe("use `foobar` not 42");
    expect(normalizeText("e\u0301")).toBe("\u00e9");
  });
});
