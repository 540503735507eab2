/**
 * The whitespace-only skip against real git: over random changes made of reordered lines
 * and whitespace edits of real files, a file is skipped as whitespace-only only when
 * `git diff -b` shows nothing for it, and always when it shows nothing in a language where
 * spacing has no meaning. The diff is real `git diff` output, read by the same path as a
 * review (splitDiff -> prepareReview).
 *
 * One exception, where our rule is stricter than git's: `git diff -b` takes a CR anywhere
 * for whitespace, but a lone CR inside a line ends the line in JavaScript, C, Java and
 * more (a commented-out call becomes a live one), so we count CR as whitespace only at
 * the end of a line. The `cr-inside` edit puts such a CR in; for those changes the
 * property asserts the stricter rule: never skipped, whatever `git diff -b` says.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prepareReview, type PrepareOptions } from "../../../src/core/prepare-review.js";
import { isSpacingSensitive } from "../../../src/core/select/spacing-sensitive.js";
import { splitDiff } from "../../../src/core/split-diff.js";
import { createRepo, type Repo } from "../../support/git-repo.js";

const ROOT = new URL("../../../", import.meta.url);

/** Real files: where they are read from, and the name they get in the test repository. */
const SOURCES: Array<{ from: string; as: string }> = [
  { from: "src/core/plan.ts", as: "src/plan.ts" },
  { from: "src/core/anchor.ts", as: "src/anchor.ts" },
  { from: "node_modules/typescript/lib/lib.es5.d.ts", as: "lib/lib.es5.d.ts" },
  { from: "node_modules/zod/v4/core/checks.js", as: "lib/checks.js" },
  { from: "node_modules/yaml/dist/compose/resolve-block-map.js", as: "lib/resolve-block-map.js" },
  { from: "node_modules/bottleneck/scripts/build.sh", as: "scripts/build.sh" },
  { from: "node_modules/picomatch/README.md", as: "docs/picomatch.md" },
  { from: "node_modules/parse-diff/.github/workflows/ci.yml", as: ".github/workflows/ci.yml" },
  { from: "node_modules/json-schema-traverse/.github/workflows/build.yml", as: "build.yaml" },
  { from: "fixtures/spacing/urls.py", as: "pip/urls.py" },
  { from: "fixtures/spacing/Makefile", as: "Makefile" },
];

const FILES = SOURCES.map(({ from, as }) => ({ path: as, lines: readFileSync(new URL(from, ROOT), "utf8").split("\n") }));

const OPTIONS: PrepareOptions = {
  include: [],
  exclude: [],
  maxFileBytes: 200_000,
  contextLines: 3,
  requestBudget: 100_000,
  reviewBudget: 1_000_000,
  gitattributes: null,
  countTokens: (text) => Math.ceil(text.length / 4),
};

// ---------------------------------------------------------------------------------------
// Edits. Most keep `git diff -b` empty, so both halves of the property are exercised.

type Edit =
  | { kind: "respace"; at: number; run: number; ws: string } // another amount of whitespace where there was some
  | { kind: "trailing"; at: number; ws: string } // whitespace (or a CR) at the end
  | { kind: "retab"; at: number } // leading spaces <-> a tab
  | { kind: "insert-space"; at: number; pos: number } // whitespace where there was none
  | { kind: "drop-space"; at: number; run: number } // a run of whitespace removed
  | { kind: "cr-inside"; at: number; run: number } // a run of whitespace inside a line made a lone CR
  | { kind: "swap"; at: number } // two lines reordered
  | { kind: "move"; at: number; to: number } // a line moved elsewhere
  | { kind: "blank"; at: number } // a blank line added
  | { kind: "drop-line"; at: number };

const ws = fc.constantFrom(" ", "  ", "\t", " \t", "    ", "\r");
const at = fc.nat();
const edit: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant("respace" as const), at, run: fc.nat(), ws: ws.filter((w) => w !== "\r") }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("trailing" as const), at, ws }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("retab" as const), at }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("insert-space" as const), at, pos: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("drop-space" as const), at, run: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("cr-inside" as const), at, run: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("swap" as const), at }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("move" as const), at, to: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("blank" as const), at }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("drop-line" as const), at }) },
);

/** A CR with something other than whitespace after it: not a line end. */
const LONE_CR = /\r(?![ \t\r]*$)/;

/** Spans of whitespace inside a line (trailing whitespace included). */
function whitespaceRuns(line: string): Array<[number, number]> {
  return [...line.matchAll(/[ \t]+/g)].map((m) => [m.index, m.index + m[0].length]);
}

function applyEdit(lines: string[], e: Edit): void {
  if (lines.length === 0) return;
  const i = e.at % lines.length;
  const line = lines[i]!;
  switch (e.kind) {
    case "respace": {
      const runs = whitespaceRuns(line);
      if (runs.length === 0) return;
      const [start, end] = runs[e.run % runs.length]!;
      lines[i] = line.slice(0, start) + e.ws + line.slice(end);
      return;
    }
    case "trailing":
      lines[i] = line + e.ws;
      return;
    case "retab":
      lines[i] = line.startsWith("\t") ? line.replace(/^\t/, "    ") : line.replace(/^ {2,}/, "\t");
      return;
    case "insert-space": {
      const pos = e.pos % (line.length + 1);
      lines[i] = `${line.slice(0, pos)} ${line.slice(pos)}`;
      return;
    }
    case "cr-inside": {
      const inner = whitespaceRuns(line).filter(([, end]) => end < line.length);
      if (inner.length === 0) return;
      const [start, end] = inner[e.run % inner.length]!;
      lines[i] = `${line.slice(0, start)}\r${line.slice(end)}`;
      return;
    }
    case "drop-space": {
      const runs = whitespaceRuns(line);
      if (runs.length === 0) return;
      const [start, end] = runs[e.run % runs.length]!;
      lines[i] = line.slice(0, start) + line.slice(end);
      return;
    }
    case "swap":
      if (i + 1 < lines.length) [lines[i], lines[i + 1]] = [lines[i + 1]!, line];
      return;
    case "move":
      lines.splice(i, 1);
      lines.splice(e.to % (lines.length + 1), 0, line);
      return;
    case "blank":
      lines.splice(i, 0, "");
      return;
    case "drop-line":
      lines.splice(i, 1);
      return;
  }
}

// ---------------------------------------------------------------------------------------

describe("whitespace-only skip against git diff -b, on real files", () => {
  let repo: Repo;
  beforeAll(() => {
    repo = createRepo();
  });
  afterAll(() => repo.cleanup());

  it("skips a file only when git diff -b shows nothing, and always then where spacing has no meaning", () => {
    const seen = { empty: 0, skipped: 0, shown: 0, sensitiveEmpty: 0, loneCrEmpty: 0 };
    const change = fc.record({
      // By name, so a counterexample prints a path, not a whole file.
      path: fc.constantFrom(...FILES.map((f) => f.path)),
      start: fc.nat(),
      length: fc.integer({ min: 8, max: 60 }),
      edits: fc.array(edit, { minLength: 1, maxLength: 6 }),
      // "\ No newline at end of file" on either side.
      baseNewline: fc.boolean(),
      headNewline: fc.boolean(),
    });
    fc.assert(
      fc.property(change, ({ path, start, length, edits, baseNewline, headNewline }) => {
        const file = FILES.find((f) => f.path === path)!;
        const from = start % Math.max(1, file.lines.length - length);
        const base = file.lines.slice(from, from + length);
        const head = [...base];
        for (const e of edits) applyEdit(head, e);
        // The base is committed to the index and the head left in the work tree: `git diff`
        // compares the two, as real git output with real headers.
        repo.write(file.path, base.join("\n") + (baseNewline ? "\n" : ""));
        repo.git("add", "--", file.path);
        repo.write(file.path, head.join("\n") + (headNewline ? "\n" : ""));
        const diff = repo.git("diff", "--no-color", "--", file.path);
        const minusB = repo.git("diff", "--no-color", "-b", "--", file.path);
        const bShowsNothing = !/^@@/m.test(minusB);
        if (diff === "") {
          expect(bShowsNothing).toBe(true);
          return;
        }

        const prepared = prepareReview(splitDiff(diff), OPTIONS);
        const skip = prepared.skipped.find((s) => s.path === file.path);
        const skippedAsWhitespace = skip?.reason === "whitespace-only";
        const context = `${file.path}\n${diff}`;
        if (skippedAsWhitespace) expect(bShowsNothing, context).toBe(true);
        // The stricter rule: git may show nothing, but the CR made two lines of one.
        const loneCr = head.some((line) => LONE_CR.test(line));
        if (isSpacingSensitive(file.path) || loneCr) expect(skippedAsWhitespace, context).toBe(false);
        else if (bShowsNothing) expect(skippedAsWhitespace, context).toBe(true);
        // Nothing else may skip these files, so a file not skipped as whitespace is reviewed.
        if (!skippedAsWhitespace) expect(prepared.reviewed.map((f) => f.path), context).toEqual([file.path]);

        if (bShowsNothing) seen.empty++;
        else seen.shown++;
        if (skippedAsWhitespace) seen.skipped++;
        if (bShowsNothing && isSpacingSensitive(file.path)) seen.sensitiveEmpty++;
        if (bShowsNothing && loneCr) seen.loneCrEmpty++;
      }),
      { numRuns: 120 },
    );
    // The property held on both sides of the line, not on one kind of change only.
    expect(seen.empty).toBeGreaterThan(20);
    expect(seen.skipped).toBeGreaterThan(10);
    expect(seen.shown).toBeGreaterThan(20);
    expect(seen.sensitiveEmpty).toBeGreaterThan(3);
    expect(seen.loneCrEmpty).toBeGreaterThan(1);
  });
});
