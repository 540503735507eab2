import { describe, expect, it } from "vitest";
import { anchorFindings, type AnchoredComment } from "../../src/core/anchor.js";
import { areNearDuplicates, dedupeFindings, type DedupeResult } from "../../src/core/dedupe.js";
import type { Finding } from "../../src/core/finding.js";
import { fingerprint } from "../../src/core/fingerprint.js";
import { parseDiffText } from "../../src/core/parse-diff-text.js";

/** A new file of 30 lines; lines 5 and 25 hold the same code. */
const LINES = Array.from({ length: 30 }, (_, i) => (i === 4 || i === 24 ? "  return null;" : `  step(${i + 1});`));
const FILES = parseDiffText(
  [
    "diff --git a/src/a.ts b/src/a.ts",
    "new file mode 100644",
    "--- /dev/null",
    "+++ b/src/a.ts",
    `@@ -0,0 +1,${LINES.length} @@`,
    ...LINES.map((l) => `+${l}`),
    "diff --git a/src/b.ts b/src/b.ts",
    "new file mode 100644",
    "--- /dev/null",
    "+++ b/src/b.ts",
    `@@ -0,0 +1,${LINES.length} @@`,
    ...LINES.map((l) => `+${l}`),
    "",
  ].join("\n"),
);

const THROWS = "This call can throw when the list is empty.";
const THROWS_REWORDED = "This call can throw if the list is empty.";
const NAMING = "The variable name does not say what it holds; rename it.";

let bodies = 0;
/** Anchored comments in input order (anchoring would sort them; tests want to choose). */
function comments(...findings: Array<Partial<Finding> & { line: number }>): AnchoredComment[] {
  return findings.map((over) => {
    const finding: Finding = { path: "src/a.ts", side: "RIGHT", severity: "minor", body: `body ${++bodies}`, source: "model", ...over };
    const { comments: [comment] } = anchorFindings([finding], FILES);
    expect(comment, JSON.stringify(over)).toBeDefined();
    return comment!;
  });
}

function shape(result: DedupeResult) {
  return {
    kept: result.kept.map((c) => c.body),
    merged: result.merged.map((m) => [m.comment.body, bodyOf(result, m.into)]),
    alreadyPosted: result.alreadyPosted.map((c) => c.body),
  };
}

/** The body of the kept or posted comment with this fingerprint. */
function bodyOf(result: DedupeResult, print: string): string {
  const target = [...result.kept, ...result.alreadyPosted].find((c) => c.fingerprint === print);
  return target?.body ?? `(earlier run ${print})`;
}

describe("dedupeFindings within a review", () => {
  it("merges an exact repeat into the first", () => {
    const [a, b] = comments({ line: 3, title: "T", body: THROWS }, { line: 3, title: "T", body: THROWS });
    const result = dedupeFindings([a!, b!]);
    expect(result.kept).toHaveLength(1);
    expect(result.merged).toHaveLength(1);
    expect(result.merged[0]!.into).toBe(result.kept[0]!.fingerprint);
    expect(result.merged[0]!.comment.fingerprint).toBe(result.kept[0]!.fingerprint);
  });

  it("merges reworded text on the same line, keeping the most severe", () => {
    const input = comments({ line: 3, severity: "minor", body: THROWS }, { line: 3, severity: "major", body: THROWS_REWORDED });
    expect(shape(dedupeFindings(input))).toEqual({ kept: [THROWS_REWORDED], merged: [[THROWS, THROWS_REWORDED]], alreadyPosted: [] });
  });

  it("keeps the longest body among equally severe repeats, then the first", () => {
    const longer = `${THROWS} Check the length first.`;
    const input = comments({ line: 3, body: THROWS }, { line: 3, body: longer }, { line: 3, body: THROWS });
    expect(shape(dedupeFindings(input))).toEqual({ kept: [longer], merged: [[THROWS, longer], [THROWS, longer]], alreadyPosted: [] });
  });

  it("merges comments on lines within 1 of each other, or on overlapping ranges", () => {
    expect(dedupeFindings(comments({ line: 3, body: THROWS }, { line: 4, body: THROWS_REWORDED })).kept).toHaveLength(1);
    expect(dedupeFindings(comments({ startLine: 2, line: 8, body: THROWS }, { line: 6, body: THROWS_REWORDED })).kept).toHaveLength(1);
    expect(dedupeFindings(comments({ startLine: 2, line: 4, body: THROWS }, { startLine: 5, line: 9, body: THROWS })).kept).toHaveLength(1);
    expect(dedupeFindings(comments({ line: 3, body: THROWS }, { line: 5, body: THROWS_REWORDED })).kept).toHaveLength(2);
  });

  it("merges on the same title whatever the bodies say", () => {
    const input = comments({ line: 3, title: "Empty list", body: THROWS }, { line: 3, title: " empty  LIST", body: NAMING });
    expect(dedupeFindings(input).kept).toHaveLength(1);
  });

  it("keeps different findings on the same line", () => {
    expect(dedupeFindings(comments({ line: 3, body: THROWS }, { line: 3, body: NAMING })).kept).toHaveLength(2);
    expect(dedupeFindings(comments({ line: 3, title: "A", body: THROWS }, { line: 3, title: "B", body: NAMING })).kept).toHaveLength(2);
  });

  it("keeps the same words on another file or side", () => {
    const [a, b] = comments({ line: 3, body: THROWS }, { path: "src/b.ts", line: 3, body: THROWS });
    expect(dedupeFindings([a!, b!]).kept).toHaveLength(2);
    expect(areNearDuplicates(a!, { ...a!, side: "LEFT" })).toBe(false);
  });

  it("compares with the comment that stays, not along a chain of similar ones", () => {
    // a ~ b and b ~ c by text, but a and c share too few words.
    const a = "one two three four five six";
    const b = "one two three four five six seven eight";
    const c = "three four five six seven eight nine ten";
    const input = comments({ line: 3, body: a, severity: "major" }, { line: 3, body: b }, { line: 3, body: c });
    expect(areNearDuplicates(input[0]!, input[1]!)).toBe(true);
    expect(areNearDuplicates(input[1]!, input[2]!)).toBe(true);
    expect(areNearDuplicates(input[0]!, input[2]!)).toBe(false);
    expect(shape(dedupeFindings(input))).toEqual({ kept: [a, c], merged: [[b, a]], alreadyPosted: [] });
  });

  it("gives the same finding on two identical lines two fingerprints, both kept", () => {
    const input = comments({ line: 25, title: "Null return", body: "x" }, { line: 5, title: "Null return", body: "y" });
    expect(input[0]!.lineText).toBe(input[1]!.lineText);
    const result = dedupeFindings(input);
    expect(result.kept).toHaveLength(2);
    // Counted in line order: the one on line 5 is the first occurrence.
    expect(result.kept[1]!.fingerprint).toBe(fingerprint(input[1]!));
    expect(result.kept[0]!.fingerprint).toBe(fingerprint(input[0]!, 1));
  });

  it("accounts for every input exactly once, in input order", () => {
    const input = comments(
      { line: 3, body: THROWS },
      { line: 10, body: NAMING },
      { line: 3, body: THROWS_REWORDED, severity: "critical" },
      { line: 11, body: NAMING },
      { line: 20, body: "Alone." },
    );
    const result = dedupeFindings(input);
    expect(shape(result)).toEqual({
      kept: [NAMING, THROWS_REWORDED, "Alone."],
      merged: [
        [THROWS, THROWS_REWORDED],
        [NAMING, NAMING],
      ],
      alreadyPosted: [],
    });
    expect(result.merged[1]!.comment.line).toBe(11);
  });

  it("returns empty lists for no comments", () => {
    expect(dedupeFindings([])).toEqual({ kept: [], merged: [], alreadyPosted: [] });
  });
});

describe("dedupeFindings against earlier runs", () => {
  it("drops a comment whose fingerprint an earlier run posted, even rated and placed differently", () => {
    const [first] = comments({ line: 3, title: "Empty list", body: THROWS, severity: "minor" });
    const posted = new Set([dedupeFindings([first!]).kept[0]!.fingerprint]);
    // The next run: 10 lines were added above it, the model rates it higher and rewords it.
    const shifted = parseDiffText(
      [
        "diff --git a/src/a.ts b/src/a.ts",
        "new file mode 100644",
        "--- /dev/null",
        "+++ b/src/a.ts",
        "@@ -0,0 +1,13 @@",
        ...Array.from({ length: 10 }, (_, i) => `+// header ${i}`),
        ...LINES.slice(0, 3).map((l) => `+${l}`),
        "",
      ].join("\n"),
    );
    const again = anchorFindings(
      [{ path: "src/a.ts", line: 13, side: "RIGHT", severity: "critical", title: "Empty list", body: THROWS_REWORDED, source: "model" }],
      shifted,
    ).comments;
    const result = dedupeFindings(again, { previousFingerprints: posted });
    expect(shape(result)).toEqual({ kept: [], merged: [], alreadyPosted: [THROWS_REWORDED] });
  });

  it("merges the repeats of a posted comment into it, even a more severe one", () => {
    const [old] = comments({ line: 3, title: "Empty list", body: THROWS });
    const posted = new Set([fingerprint(old!)]);
    const input = comments(
      { line: 3, title: "Empty list", body: THROWS },
      { line: 3, title: "List may be empty", body: THROWS_REWORDED, severity: "critical" },
      { line: 20, body: NAMING },
    );
    const result = dedupeFindings(input, { previousFingerprints: posted });
    expect(shape(result)).toEqual({ kept: [NAMING], merged: [[THROWS_REWORDED, THROWS]], alreadyPosted: [THROWS] });
    expect(result.merged[0]!.into).toBe(fingerprint(old!));
  });

  it("posts what is new and drops what was posted", () => {
    const first = dedupeFindings(comments({ line: 3, body: THROWS }, { line: 20, body: NAMING }));
    const previous = new Set(first.kept.map((c) => c.fingerprint));
    const second = dedupeFindings(comments({ line: 3, body: THROWS }, { line: 20, body: NAMING }, { line: 12, body: "New." }), {
      previousFingerprints: previous,
    });
    expect(shape(second)).toEqual({ kept: ["New."], merged: [], alreadyPosted: [THROWS, NAMING] });
  });

  it("recognises both occurrences of a finding on identical lines", () => {
    const twice = () => comments({ line: 5, title: "Null return", body: "x" }, { line: 25, title: "Null return", body: "y" });
    const previous = new Set(dedupeFindings(twice()).kept.map((c) => c.fingerprint));
    expect(previous.size).toBe(2);
    expect(dedupeFindings(twice(), { previousFingerprints: previous }).alreadyPosted).toHaveLength(2);
  });
});
