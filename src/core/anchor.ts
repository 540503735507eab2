/**
 * The anchor stage: every finding is placed on a line the forges accept before anything is
 * published, so no review is ever refused (GitHub answers 422 for a comment off the diff,
 * GitLab 400 "line_code can't be blank"). A finding either becomes a comment on a real diff
 * line, possibly moved a few lines, or is listed as outside the diff with a reason: nothing
 * is dropped without a trace.
 *
 * What a forge accepts, and so what this module allows:
 * - the path is a file of the reviewed diff, named by its new path;
 * - RIGHT: `line` is an added or context line of a hunk (new-file numbering);
 *   LEFT: a deleted or context line (old-file numbering);
 * - a range `startLine..line` lies inside one hunk, on one side, every line of it present.
 *
 * Suggestions: a forge applies a suggestion by replacing exactly the commented lines of
 * the new file. So one is kept only on a RIGHT comment that sits on exactly the lines the
 * model named; if the comment was moved or shrunk, the replacement text would overwrite
 * lines the model never saw, and on the LEFT there is nothing to replace. In those cases
 * the suggestion is dropped and the body kept. Writing a reversed range the right way round
 * (or dropping a `startLine` equal to `line`) names the same lines, so it keeps the
 * suggestion and does not count as a move.
 */
import type { FileDiff, LineKind } from "./diff-model.js";
import type { Finding, Side } from "./finding.js";
import { promptPath } from "./prompt-path.js";
import { resolveModelPath } from "./resolve-model-path.js";

/** How far (in lines) outside a hunk a comment may be and still be moved into it. */
export const DEFAULT_MAX_MOVE_LINES = 3;

export interface IndexedLine {
  /** Index of the hunk in `file.hunks`. */
  hunk: number;
  kind: LineKind;
  text: string;
}

/** The lines one hunk shows on one side, in ascending order. */
export interface HunkSpan {
  hunk: number;
  first: number;
  last: number;
  lines: readonly number[];
  /** Added lines on the RIGHT, deleted lines on the LEFT. */
  changed: readonly number[];
}

export interface DiffLineIndex {
  /** The lines a comment may sit on, per side, by that side's line number. */
  lines: Record<Side, ReadonlyMap<number, IndexedLine>>;
  /** Per side, the hunks that have lines on that side, in diff order. */
  spans: Record<Side, readonly HunkSpan[]>;
}

/** Lists the lines of a file that accept a comment, per side. */
export function diffLineIndex(file: FileDiff): DiffLineIndex {
  const lines = { RIGHT: new Map<number, IndexedLine>(), LEFT: new Map<number, IndexedLine>() };
  const spans: Record<Side, HunkSpan[]> = { RIGHT: [], LEFT: [] };
  file.hunks.forEach((hunk, index) => {
    const sides: Record<Side, { lines: number[]; changed: number[] }> = {
      RIGHT: { lines: [], changed: [] },
      LEFT: { lines: [], changed: [] },
    };
    for (const line of hunk.lines) {
      const at: Array<[Side, number | null]> = [
        ["RIGHT", line.newLine],
        ["LEFT", line.oldLine],
      ];
      for (const [side, number] of at) {
        if (number === null) continue;
        // A malformed diff could list a line twice; the first hunk keeps it, so that
        // every line maps to exactly one hunk.
        if (!lines[side].has(number)) {
          lines[side].set(number, { hunk: index, kind: line.kind, text: line.text });
        }
        sides[side].lines.push(number);
        if (line.kind !== "context") sides[side].changed.push(number);
      }
    }
    for (const side of ["RIGHT", "LEFT"] as const) {
      const { lines: numbers, changed } = sides[side];
      if (numbers.length === 0) continue;
      numbers.sort((a, b) => a - b);
      changed.sort((a, b) => a - b);
      spans[side].push({ hunk: index, first: numbers[0]!, last: numbers[numbers.length - 1]!, lines: numbers, changed });
    }
  });
  return { lines, spans };
}

/**
 * A finding on a line the forge accepts. `path` is the file's new path. `moved` holds the
 * position the finding gave when it had to be moved or shrunk to fit the diff.
 */
export type AnchoredComment<F extends Finding = Finding> = F & {
  moved?: { line: number; startLine?: number };
  /** The text of the diff line at `line` on `side` (what the fingerprint reads). */
  lineText: string;
};

/**
 * A finding that could not sit on a diff line. Its path is the change's spelling of the
 * name the finding gave (`./src/a.ts` becomes `src/a.ts`; a renamed file's old name stays
 * the old name), or as given for a file the change does not have; its line is as given.
 */
export type OutsideDiffFinding<F extends Finding = Finding> = F & { reason: string };

export interface AnchorResult<F extends Finding = Finding> {
  comments: AnchoredComment<F>[];
  outsideDiff: OutsideDiffFinding<F>[];
}

export interface AnchorOptions {
  /** How far outside a hunk's lines a comment may be and still be moved in (default 3; 0 never moves). */
  maxMoveLines?: number;
  /**
   * Files of the change that were not reviewed, with why (`detail`, as select and plan
   * write it): a finding on one is listed with that reason, not as an unknown file.
   */
  skipped?: ReadonlyArray<{ path: string; detail: string }>;
}

/**
 * Places findings on the diff of the reviewed `files`. Pure and deterministic; both lists
 * come sorted by path, then line, then input order.
 */
export function anchorFindings<F extends Finding>(
  findings: readonly F[],
  files: readonly FileDiff[],
  options: AnchorOptions = {},
): AnchorResult<F> {
  const maxMove = options.maxMoveLines ?? DEFAULT_MAX_MOVE_LINES;
  if (!Number.isInteger(maxMove) || maxMove < 0) {
    throw new RangeError(`maxMoveLines must be a whole number >= 0, got ${maxMove}`);
  }
  const resolve = fileResolver(files, options.skipped ?? []);
  const indexes = new Map<FileDiff, DiffLineIndex>();
  const indexOf = (file: FileDiff) => {
    let index = indexes.get(file);
    if (!index) indexes.set(file, (index = diffLineIndex(file)));
    return index;
  };

  const comments: Array<{ order: number; comment: AnchoredComment<F> }> = [];
  const outsideDiff: Array<{ order: number; finding: OutsideDiffFinding<F> }> = [];
  findings.forEach((finding, order) => {
    const found = resolve(finding.path);
    const target = found?.target;
    const placed: Placement<F> =
      target === undefined
        ? { reason: "file not in the reviewed diff" }
        : "detail" in target
          ? { reason: `${target.path} was not reviewed: ${target.detail}` }
          : place(finding, target, indexOf(target), maxMove);
    if ("reason" in placed) {
      // The change's own spelling of the name the model meant (old or new, when renamed).
      outsideDiff.push({ order, finding: { ...finding, path: found?.name ?? finding.path, reason: placed.reason } });
    } else {
      comments.push({ order, comment: placed.comment });
    }
  });
  return {
    comments: comments.sort((a, b) => byPosition(a.comment, a.order, b.comment, b.order)).map((c) => c.comment),
    outsideDiff: outsideDiff.sort((a, b) => byPosition(a.finding, a.order, b.finding, b.order)).map((o) => o.finding),
  };
}

/**
 * Finds the file a path names: a reviewed file, or one the change has but did not review.
 * A renamed file's old path is accepted too: models quote whichever name they saw (the old
 * one is in the diff headers, and LEFT lines are numbered in it). A new path always wins
 * over another file's old path. A copy's source is not mapped: that file still exists and
 * is a different file. Each spelling of the path (see resolveModelPath) is looked up in
 * all of them before the next, so a literal match is never lost to a rewritten one.
 */
function fileResolver(
  files: readonly FileDiff[],
  skipped: ReadonlyArray<{ path: string; detail: string }>,
): (path: string) => { target: FileDiff | { path: string; detail: string }; name: string } | undefined {
  const byPath = new Map<string, FileDiff>();
  const byOldPath = new Map<string, FileDiff>();
  // The model saw paths with their secrets replaced (promptPath) and quotes them so.
  const byPromptPath = new Map<string, FileDiff | { path: string; detail: string }>();
  const addPromptPath = (file: FileDiff | { path: string; detail: string }) => {
    const shown = promptPath(file.path);
    if (shown !== file.path && !byPromptPath.has(shown)) byPromptPath.set(shown, file);
  };
  for (const file of files) {
    if (!byPath.has(file.path)) byPath.set(file.path, file);
    if (file.status === "renamed" && !byOldPath.has(file.oldPath)) byOldPath.set(file.oldPath, file);
    addPromptPath(file);
  }
  const notReviewed = new Map<string, { path: string; detail: string }>();
  for (const file of skipped) if (!notReviewed.has(file.path)) notReviewed.set(file.path, file);
  skipped.forEach(addPromptPath);
  return (path) =>
    resolveModelPath(path, (name) => {
      const target = byPath.get(name) ?? byOldPath.get(name) ?? notReviewed.get(name);
      if (target) return { target, name };
      const hidden = byPromptPath.get(name);
      return hidden && { target: hidden, name: hidden.path };
    });
}

type Placement<F extends Finding> = { comment: AnchoredComment<F> } | { reason: string };

function place<F extends Finding>(finding: F, file: FileDiff, index: DiffLineIndex, maxMove: number): Placement<F> {
  const { side, line } = finding;
  if (!Number.isInteger(line) || line < 1) return { reason: `line ${line} is not a line number` };
  const lines = index.lines[side];
  if (index.spans[side].length === 0) return { reason: noLinesReason(file, side) };

  // The lines the finding names, low to high. A start that is not a whole number names no
  // line, so only `line` is kept, and that counts as a move since the range changed.
  const badStart = finding.startLine !== undefined && !Number.isInteger(finding.startLine);
  const start = finding.startLine !== undefined && !badStart ? finding.startLine : line;
  const low = Math.min(start, line);
  const high = Math.max(start, line);

  let at: { startLine: number; line: number } | null = null;
  const holder = lines.get(high);
  if (holder) {
    // Keep the part of the range inside the hunk that holds `line`, walking down so that
    // every kept line is present on this side of that hunk.
    let first = high;
    while (first > low && lines.get(first - 1)?.hunk === holder.hunk) first -= 1;
    at = { startLine: first, line: high };
  } else {
    const target = nearestTarget(index.spans[side], high, maxMove);
    if (target !== null) at = { startLine: target, line: target };
  }
  if (!at) {
    const where = low === high ? `line ${high}` : `lines ${low}-${high}`;
    const old = side === "LEFT" ? " of the old file" : "";
    return { reason: `${where}${old} ${low === high ? "is" : "are"} not in the diff` };
  }

  const moved = badStart || at.startLine !== low || at.line !== high;
  // `moved` is dropped from the copy and set again below: a comment anchored a second time
  // keeps the position the model first gave, so anchoring twice changes nothing.
  const { startLine: _start, suggestion, moved: earlier, ...rest } = finding as AnchoredComment<F>;
  const comment = {
    ...rest,
    path: file.path,
    line: at.line,
    lineText: lines.get(at.line)!.text,
  } as AnchoredComment<F>;
  if (at.startLine < at.line) comment.startLine = at.startLine;
  if (suggestion !== undefined && side === "RIGHT" && !moved) comment.suggestion = suggestion;
  if (earlier) comment.moved = earlier;
  else if (moved) comment.moved = finding.startLine === undefined ? { line } : { line, startLine: finding.startLine };
  return { comment };
}

/**
 * Where a line off the diff moves: the nearest changed line of the nearest hunk whose
 * lines on that side come within `maxMove` of it. Changed lines are preferred because
 * they are what the review is about; a hunk with none on this side (the RIGHT of a pure
 * deletion, say) offers its context lines. Ties go to the earlier hunk and the lower line.
 */
function nearestTarget(spans: readonly HunkSpan[], line: number, maxMove: number): number | null {
  let best: { distance: number; move: number; target: number } | null = null;
  for (const span of spans) {
    const distance = line < span.first ? span.first - line : line > span.last ? line - span.last : 0;
    if (distance > maxMove) continue;
    const candidates = span.changed.length > 0 ? span.changed : span.lines;
    let target = candidates[0]!;
    for (const candidate of candidates) {
      if (Math.abs(candidate - line) < Math.abs(target - line)) target = candidate;
    }
    const move = Math.abs(target - line);
    if (!best || distance < best.distance || (distance === best.distance && move < best.move)) {
      best = { distance, move, target };
    }
  }
  return best?.target ?? null;
}

function noLinesReason(file: FileDiff, side: Side): string {
  if (file.binary) return "binary file: no lines to comment on";
  if (file.hunks.length === 0) return "file has no changed lines to comment on";
  if (side === "RIGHT") return file.status === "deleted" ? "file is deleted: it has no new lines" : "the diff shows no new lines of this file";
  return file.status === "added" ? "file is new: it has no old lines" : "the diff shows no old lines of this file";
}

/** Plain code-unit order, not localeCompare: the output must not depend on the machine's locale. */
function byPosition(a: Finding, ai: number, b: Finding, bi: number): number {
  if (a.path !== b.path) return a.path < b.path ? -1 : 1;
  // Written with < and > so that a NaN line (kept as given in outsideDiff) still sorts consistently.
  const al = Number.isNaN(a.line) ? Infinity : a.line;
  const bl = Number.isNaN(b.line) ? Infinity : b.line;
  if (al !== bl) return al < bl ? -1 : 1;
  return ai - bi;
}
