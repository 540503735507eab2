/**
 * Anchor and dedupe against real diffs and random model answers. Repositories are built
 * with the `git` binary, so the hunks are what a forge shows; every comment that comes out
 * is checked against the hunks (without the module's own index) and against the file git
 * stored, and every finding that goes in must come out exactly once.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anchorFindings, type AnchoredComment } from "../../src/core/anchor.js";
import { areNearDuplicates, dedupeFindings } from "../../src/core/dedupe.js";
import type { FileDiff } from "../../src/core/diff-model.js";
import { SEVERITIES, type Finding, type Side } from "../../src/core/finding.js";
import { parseDiffText } from "../../src/core/parse-diff-text.js";
import { createRepo, type Repo } from "../support/git-repo.js";

type TestFinding = Finding & { id: number };

interface Case {
  name: string;
  files: FileDiff[];
  /** The text of a line as git stored it, by side, path (new path on RIGHT, old on LEFT) and line. */
  lineOf(side: Side, path: string, line: number): string | undefined;
}

const repos: Repo[] = [];
const cases: Case[] = [];

const numbered = (n: number, make: (i: number) => string) => Array.from({ length: n }, (_, i) => make(i + 1));
const text = (lines: string[], finalNewline = true) => lines.join("\n") + (finalNewline && lines.length > 0 ? "\n" : "");

/** Every kind of file change, at hand-picked places. */
function handMadeRepo(repo: Repo): { base: string; head: string } {
  const big = numbered(300, (i) => `const v${i} = ${i};`);
  repo.write("src/big.ts", text(big));
  repo.write("src/renamed-old.ts", text(numbered(40, (i) => `export const r${i} = "${i}";`)));
  repo.write("src/pure.ts", text(numbered(10, (i) => `pure ${i}`)));
  repo.write("src/deleted.ts", text(numbered(12, (i) => `gone ${i}`)));
  repo.write("src/nonl.ts", text(numbered(8, (i) => `n${i}`), false));
  repo.write("src/gains-nl.ts", text(numbered(5, (i) => `g${i}`), false));
  repo.write("src/loses-nl.ts", text(numbered(5, (i) => `l${i}`)));
  repo.write("src/only-del.ts", text(numbered(50, (i) => `keep or not ${i}`)));
  repo.write("src/crlf.ts", numbered(20, (i) => `crlf ${i}\r\n`).join(""));
  repo.write("docs/notes.md", text(numbered(10, (i) => `note ${i}`)));
  repo.write("img/x.bin", Buffer.from([0, 1, 2, 3, 0, 0, 7]));
  const base = repo.commit("base");

  const head: string[] = [];
  big.forEach((line, index) => {
    const i = index + 1;
    if (i % 37 === 10) return;
    head.push(i % 23 === 5 ? `const v${i} = ${i} + 1;` : line);
    if (i % 41 === 20) head.push(`// added after ${i}`, `// and another`);
  });
  repo.write("src/big.ts", text(head));
  repo.remove("src/renamed-old.ts");
  const renamed = numbered(40, (i) => `export const r${i} = "${i}";`).filter((_, i) => i !== 29);
  renamed[9] = `export const r10 = "ten";`;
  repo.write("src/renamed-new.ts", text([...renamed, "export const last = 0;"]));
  repo.remove("src/pure.ts");
  repo.write("lib/pure.ts", text(numbered(10, (i) => `pure ${i}`)));
  repo.remove("src/deleted.ts");
  repo.write("src/added.ts", text(numbered(15, (i) => `fresh ${i}`), false));
  repo.write("src/empty.ts", "");
  repo.write("src/nonl.ts", text([...numbered(7, (i) => `n${i}`), "n8 changed", "n9", "n10"], false));
  repo.write("src/gains-nl.ts", text(numbered(5, (i) => `g${i}`)));
  repo.write("src/loses-nl.ts", text(numbered(5, (i) => `l${i}`), false));
  repo.write("src/only-del.ts", text(numbered(50, (i) => `keep or not ${i}`).filter((_, i) => ![9, 10, 11, 29].includes(i))));
  repo.write("src/crlf.ts", numbered(20, (i) => (i === 10 ? "crlf ten\r\n" : `crlf ${i}\r\n`)).join(""));
  repo.write("docs/notes.md", text(numbered(10, (i) => (i === 1 || i === 10 ? `note ${i} edited` : `note ${i}`))));
  repo.write("img/x.bin", Buffer.from([0, 1, 2, 4, 0, 0, 7]));
  return { base, head: repo.commit("head") };
}

/** Random edits all over several files, from a fixed seed; lines repeat, as code does. */
function randomRepo(repo: Repo, seed: number): { base: string; head: string } {
  let state = seed;
  const random = () => {
    // mulberry32: a tiny seeded generator, so the repository is the same on every run.
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T,>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const vocabulary = ["}", "", "  return null;", "  i += 1;", "// TODO", "  if (x) {"];
  const line = (n: number) => (random() < 0.3 ? pick(vocabulary) : `  call${n}(${Math.floor(random() * 1000)});`);
  const contents = new Map<string, string[]>();
  for (let f = 0; f < 6; f++) {
    const lines = numbered(40 + Math.floor(random() * 200), line);
    contents.set(`pkg/file${f}.ts`, lines);
    repo.write(`pkg/file${f}.ts`, text(lines, f !== 3));
  }
  const base = repo.commit("base");
  for (const [path, lines] of contents) {
    const edited: string[] = [];
    for (const l of lines) {
      const r = random();
      if (r < 0.04) continue;
      if (r < 0.08) edited.push(line(9999));
      else edited.push(l);
      if (random() < 0.03) edited.push(...numbered(1 + Math.floor(random() * 4), line));
    }
    contents.set(path, edited);
  }
  repo.remove("pkg/file0.ts");
  repo.write("pkg/moved0.ts", text(contents.get("pkg/file0.ts")!));
  repo.remove("pkg/file5.ts");
  for (const [path, lines] of contents) {
    if (path !== "pkg/file0.ts" && path !== "pkg/file5.ts") repo.write(path, text(lines, path !== "pkg/file2.ts"));
  }
  repo.write("pkg/new.ts", text(numbered(30, line), false));
  return { base, head: repo.commit("head") };
}

function addCases(name: string, repo: Repo, base: string, head: string): void {
  const blobs = new Map<string, string[] | null>();
  const lineOf = (side: Side, path: string, line: number) => {
    const spec = `${side === "RIGHT" ? head : base}:${path}`;
    if (!blobs.has(spec)) {
      let content: string | null = null;
      try {
        content = repo.git("cat-file", "blob", spec);
      } catch {
        content = null;
      }
      blobs.set(spec, content === null ? null : content.split("\n"));
    }
    return blobs.get(spec)?.[line - 1];
  };
  for (const context of ["-U3", "-U0", "-U1"]) {
    const files = parseDiffText(repo.git("diff", "-M", context, base, head));
    cases.push({ name: `${name} ${context}`, files, lineOf });
  }
}

beforeAll(() => {
  const hand = createRepo();
  repos.push(hand);
  const h = handMadeRepo(hand);
  addCases("hand-made", hand, h.base, h.head);
  for (const seed of [7, 2024]) {
    const repo = createRepo();
    repos.push(repo);
    const r = randomRepo(repo, seed);
    addCases(`random ${seed}`, repo, r.base, r.head);
  }
});

afterAll(() => {
  for (const repo of repos) repo.cleanup();
});

// ---------------------------------------------------------------------------------------
// Random model answers

const TITLES = ["Null check", "Off by one", "Unused variable", "Race condition", "null  CHECK"];
const BODIES = [
  "This call can throw when the list is empty.",
  "This call can throw if the list is empty.",
  "The variable name does not say what it holds.",
  "Consider handling the error instead of ignoring it.",
  "Off by one: the loop runs past the end.",
];

function answers(files: FileDiff[]): fc.Arbitrary<TestFinding[]> {
  const odd = fc.constantFrom(0, -1, -50, 1e9, 2 ** 31, Number.MAX_SAFE_INTEGER, 2.5, Number.NaN, -0.5);
  const line = fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1, max: 400 }) }, { weight: 1, arbitrary: odd });
  // Most answers aim at a file of the diff and near its hunks, where the rules have work to do.
  const targeted = fc.constantFrom(...files.filter((f) => f.hunks.length > 0)).chain((file) => {
    const near = new Set<number>();
    for (const l of file.hunks.flatMap((h) => h.lines)) {
      for (const n of [l.oldLine, l.newLine]) if (n !== null) for (let d = -5; d <= 5; d++) near.add(n + d);
    }
    return fc.record({
      // As the diff names the file, and as models also write it (see modelPathOf).
      path: fc.constantFrom(file.path, file.path, file.oldPath, `./${file.path}`, `b/${file.path}`, `a/${file.oldPath}`),
      line: fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...near) }, { weight: 1, arbitrary: line }),
    });
  });
  const paths = new Set<string>(["nope.ts", "./src/big.ts", "SRC/BIG.TS", ""]);
  for (const file of files) paths.add(file.path).add(file.oldPath);
  const anywhere = fc.record({ path: fc.constantFrom(...paths), line });
  const finding = fc.record({
    at: fc.oneof({ weight: 4, arbitrary: targeted }, { weight: 1, arbitrary: anywhere }),
    start: fc.oneof(
      { weight: 3, arbitrary: fc.constant(undefined) },
      { weight: 2, arbitrary: fc.integer({ min: -12, max: 12 }).map((d) => ({ delta: d })) },
      { weight: 1, arbitrary: line.map((l) => ({ at: l })) },
    ),
    side: fc.constantFrom<Side>("RIGHT", "RIGHT", "LEFT"),
    severity: fc.constantFrom(...SEVERITIES),
    title: fc.option(fc.constantFrom(...TITLES), { nil: undefined }),
    body: fc.constantFrom(...BODIES),
    suggestion: fc.option(fc.string({ maxLength: 10 }), { nil: undefined }),
    source: fc.constantFrom<Finding["source"]>("model", "model", "model", "secret-scan"),
  }).map(({ at, ...rest }) => ({ ...at, ...rest }));
  return fc
    .array(finding, { maxLength: 30 })
    .chain((list) =>
      fc
        .array(fc.record({ of: fc.nat(), shift: fc.integer({ min: -1, max: 1 }), severity: fc.constantFrom(...SEVERITIES) }), {
          maxLength: list.length === 0 ? 0 : 10,
        })
        .map((repeats) => [...list, ...repeats.map((r) => ({ ...list[r.of % list.length]!, line: list[r.of % list.length]!.line + r.shift, severity: r.severity }))]),
    )
    .map((list) =>
      list.map(({ start, ...f }, id) => {
        const startLine = start === undefined ? undefined : "delta" in start ? f.line + start.delta : start.at;
        return { ...f, ...(startLine === undefined ? {} : { startLine }), id };
      }),
    );
}

// ---------------------------------------------------------------------------------------
// What must hold

/** The hunk of `file` that holds every line of `from..to` on `side`, found without the module's index. */
function hunkHolding(file: FileDiff, side: Side, from: number, to: number): number {
  const key = side === "RIGHT" ? "newLine" : "oldLine";
  return file.hunks.findIndex((hunk) => {
    for (let n = from; n <= to; n++) {
      const line = hunk.lines.find((l) => l[key] === n);
      if (!line || line.kind === (side === "RIGHT" ? "del" : "add")) return false;
    }
    return true;
  });
}

function sideSpans(file: FileDiff, side: Side): Array<[number, number]> {
  const key = side === "RIGHT" ? "newLine" : "oldLine";
  return file.hunks
    .map((h) => h.lines.map((l) => l[key]).filter((n): n is number => n !== null))
    .filter((ns) => ns.length > 0)
    .map((ns) => [Math.min(...ns), Math.max(...ns)]);
}

/** The lines a finding names, low to high; a start that is no whole number names none. */
function namedRange(f: Finding): [number, number] {
  const start = f.startLine !== undefined && Number.isInteger(f.startLine) ? f.startLine : f.line;
  return [Math.min(start, f.line), Math.max(start, f.line)];
}

function checkAnchored(c: Case, input: TestFinding[], maxMove: number) {
  const result = anchorFindings(input, c.files, { maxMoveLines: maxMove });
  const byId = new Map(input.map((f) => [f.id, f]));

  // Accounting: each finding exactly once.
  const ids = [...result.comments, ...result.outsideDiff].map((f) => f.id).sort((a, b) => a - b);
  expect(ids).toEqual(input.map((f) => f.id));

  for (const comment of result.comments) {
    const original = byId.get(comment.id)!;
    const at = `${c.name}: ${JSON.stringify(original)} -> ${JSON.stringify(comment)}`;
    const file = c.files.find((f) => f.path === comment.path);
    expect(file, `${at}: a reviewed file's new path`).toBeDefined();
    expect([file!.path, file!.status === "renamed" ? file!.oldPath : file!.path], at).toContain(modelPathOf(original.path, c.files));
    expect(comment.side, at).toBe(original.side);

    const from = comment.startLine ?? comment.line;
    expect(Number.isInteger(comment.line) && Number.isInteger(from), at).toBe(true);
    if (comment.startLine !== undefined) expect(comment.startLine, at).toBeLessThan(comment.line);
    expect(hunkHolding(file!, comment.side, from, comment.line), `${at}: range inside one hunk, on its side`).toBeGreaterThanOrEqual(0);

    const storedPath = comment.side === "RIGHT" ? file!.path : file!.oldPath;
    expect(comment.lineText, `${at}: the line git stored`).toBe(c.lineOf(comment.side, storedPath, comment.line));

    if (comment.suggestion !== undefined) {
      expect(comment.side, at).toBe("RIGHT");
      expect(comment.moved, at).toBeUndefined();
      expect(comment.suggestion, at).toBe(original.suggestion);
    }
    expect(comment.body, at).toBe(original.body);
    expect(comment.severity, at).toBe(original.severity);

    const [low, high] = namedRange(original);
    if (comment.moved) {
      expect(comment.moved, at).toEqual(original.startLine === undefined ? { line: original.line } : { line: original.line, startLine: original.startLine });
      // Shrunk within the hunk of its line, or moved from within reach of the hunk.
      const hunk = hunkHolding(file!, comment.side, comment.line, comment.line);
      const span = sideSpans({ ...file!, hunks: [file!.hunks[hunk]!] }, comment.side)[0]!;
      const distance = Math.max(span[0] - high, high - span[1], 0);
      expect(distance, at).toBeLessThanOrEqual(maxMove);
    } else {
      expect([comment.startLine ?? comment.line, comment.line], at).toEqual([low, high]);
    }
  }

  for (const outside of result.outsideDiff) {
    const original = byId.get(outside.id)!;
    const at = `${c.name}: ${JSON.stringify(outside)}`;
    expect({ ...outside, reason: undefined, path: undefined }, at).toEqual({ ...original, reason: undefined, path: undefined });
    expect(outside.path, at).toBe(modelPathOf(original.path, c.files));
    expect(outside.reason, at).not.toBe("");
    // Nothing is left out that could have been placed: a reviewed file's valid line is
    // outside only when no hunk on its side comes within reach.
    const path = outside.path;
    const file = c.files.find((f) => f.path === path) ?? c.files.find((f) => f.status === "renamed" && f.oldPath === path);
    if (file && Number.isInteger(original.line) && original.line >= 1) {
      const high = namedRange(original)[1];
      for (const [first, last] of sideSpans(file, original.side)) {
        expect(Math.max(first - high, high - last, 0), at).toBeGreaterThan(maxMove);
      }
    }
  }

  // Sorted by path, then line, then input order.
  for (const list of [result.comments, result.outsideDiff] as Array<Array<TestFinding>>) {
    for (let i = 1; i < list.length; i++) {
      const [a, b] = [list[i - 1]!, list[i]!];
      // A NaN line (kept as given outside the diff) sorts last.
      const [al, bl] = [a.line, b.line].map((n) => (Number.isNaN(n) ? Infinity : n)) as [number, number];
      const order = a.path < b.path ? -1 : a.path > b.path ? 1 : al < bl ? -1 : al > bl ? 1 : a.id - b.id;
      expect(order, `${c.name}: order of ${a.id} and ${b.id}`).toBeLessThan(0);
    }
  }
  return result;
}

/**
 * The diff's name for a path a model wrote: itself when the diff has it, else without a
 * `./` or an `a/`/`b/` prefix when that names a file (these test diffs have no folder
 * called `a`, `b` or `.`), else as written.
 */
function modelPathOf(path: string, files: readonly FileDiff[]): string {
  // A copy's source is a different file that still exists: not a name of the copy.
  const names = new Set(files.flatMap((f) => (f.status === "renamed" ? [f.path, f.oldPath] : [f.path])));
  if (names.has(path)) return path;
  const bare = path.replace(/^(\.\/|a\/|b\/)/, "");
  return names.has(bare) ? bare : path;
}

function checkDeduped(comments: AnchoredComment<TestFinding>[], previous: ReadonlySet<string>) {
  const result = dedupeFindings(comments, { previousFingerprints: previous });
  const ids = [...result.kept, ...result.merged.map((m) => m.comment), ...result.alreadyPosted].map((c) => c.id).sort((a, b) => a - b);
  expect(ids).toEqual(comments.map((c) => c.id).sort((a, b) => a - b));

  const kept = new Set(result.kept.map((c) => c.fingerprint));
  expect(kept.size, "kept fingerprints are distinct").toBe(result.kept.length);
  for (const c of result.kept) expect(previous.has(c.fingerprint)).toBe(false);
  for (const c of result.alreadyPosted) expect(previous.has(c.fingerprint)).toBe(true);
  const posted = new Set(result.alreadyPosted.map((c) => c.fingerprint));
  for (const m of result.merged) {
    expect(kept.has(m.into) || posted.has(m.into), `merged ${m.comment.id} into a kept or posted comment`).toBe(true);
  }
  for (let i = 0; i < result.kept.length; i++) {
    for (let j = i + 1; j < result.kept.length; j++) {
      expect(areNearDuplicates(result.kept[i]!, result.kept[j]!), `kept ${result.kept[i]!.id} and ${result.kept[j]!.id} are no repeats`).toBe(false);
    }
  }
  return result;
}

describe("anchor and dedupe on real diffs, random answers", () => {
  it("built diffs with every kind of file", () => {
    const hand = cases.find((c) => c.name === "hand-made -U3")!;
    const statuses = new Set(hand.files.map((f) => f.status));
    expect([...statuses].sort()).toEqual(["added", "deleted", "modified", "renamed"]);
    expect(hand.files.some((f) => f.binary)).toBe(true);
    expect(hand.files.some((f) => f.hunks.some((h) => h.newNoNewlineAtEnd))).toBe(true);
    expect(hand.files.some((f) => f.hunks.some((h) => h.oldNoNewlineAtEnd))).toBe(true);
    expect(hand.files.find((f) => f.path === "src/big.ts")!.hunks.length).toBeGreaterThan(10);
    expect(cases).toHaveLength(9);
  });

  it("places every comment on a line the forges accept, and accounts for every finding", () => {
    let findings = 0;
    for (const c of cases) {
      fc.assert(
        fc.property(answers(c.files), fc.constantFrom(0, 1, 3, 3, 10), fc.subarray([0, 1, 2, 3, 4, 5, 6, 7]), (input, maxMove, postedPicks) => {
          findings += input.length;
          const anchored = checkAnchored(c, input, maxMove);
          // Anchoring its own output changes nothing.
          expect(anchorFindings(anchored.comments, c.files, { maxMoveLines: maxMove })).toEqual({ comments: anchored.comments, outsideDiff: [] });

          const first = checkDeduped(anchored.comments, new Set());
          // A re-run that finds the same things, some of them posted before.
          const previous = new Set(["0000000000000000", ...postedPicks.flatMap((i) => first.kept[i]?.fingerprint ?? [])]);
          const second = checkDeduped(anchored.comments, previous);
          expect(second.kept.length).toBe(first.kept.length - (previous.size - 1));
        }),
        { numRuns: 100, seed: 20240102 + cases.indexOf(c) },
      );
    }
    expect(findings).toBeGreaterThan(5000);
  });
});
