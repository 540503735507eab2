/**
 * GitLab's rules for a text `position` on a merge request discussion, as pure functions.
 *
 * GitLab turns a position into a `line_code` by looking for the diff line whose old and new
 * numbers equal `old_line` and `new_line` exactly, where an added line has no old number and a
 * removed line no new number (Gitlab::Diff::Line#old_line / #new_line). So: `new_line` alone
 * for an added line, `old_line` alone for a removed one, both for a context line. Any other
 * pair, a line outside the hunks, or a file the diff does not have leaves the line code blank,
 * and the note is refused with 400 `Note {:line_code=>["can't be blank", "must be a valid line code"]}`.
 *
 * Stricter than gitlab.com, on purpose (see README "Known differences"): the three SHAs must
 * be the `diff_refs` of one of the merge request's versions, both paths must be given, and a
 * `line_range` must name real lines of one hunk, with the line codes GitLab computes.
 */
import { createHash } from "node:crypto";
import { parsePatch, type PatchLineKind } from "../github-server/patch-hunks.js";
import { LINE_CODE_ERRORS } from "./gitlab-errors.js";

export interface RangeEndInput {
  line_code?: string;
  type?: string | null;
  old_line?: number | null;
  new_line?: number | null;
}

/** The `position` parameter, its numbers already parsed. */
export interface PositionInput {
  base_sha: string;
  start_sha: string;
  head_sha: string;
  position_type: string;
  old_path?: string;
  new_path?: string;
  old_line?: number | null;
  new_line?: number | null;
  line_range?: { start?: RangeEndInput; end?: RangeEndInput };
}

export interface VersionDiff {
  baseSha: string;
  startSha: string;
  headSha: string;
  /** Every changed file with its hunks (the full text, also for files the API shows collapsed). */
  files: { oldPath: string; newPath: string; hunks: string }[];
}

/** A line of a file's diff as GitLab numbers it. */
export interface DiffLine {
  kind: PatchLineKind;
  /** The line's number in the old file; undefined for an added line. */
  oldLine: number | undefined;
  /** The line's number in the new file; undefined for a removed line. */
  newLine: number | undefined;
  /** The old and new counters at this line (an added line has the old counter too): what line codes use. */
  oldPos: number;
  newPos: number;
  hunk: number;
  /** Index of the line in the file's diff, across hunks. */
  index: number;
}

export interface StoredPosition {
  base_sha: string;
  start_sha: string;
  head_sha: string;
  old_path: string;
  new_path: string;
  position_type: "text";
  old_line: number | null;
  new_line: number | null;
  line_range: { start: StoredRangeEnd; end: StoredRangeEnd } | null;
  ignore_whitespace_change: boolean;
}

interface StoredRangeEnd {
  line_code: string;
  type: string | null;
  old_line: number | null;
  new_line: number | null;
}

export type PositionCheck = { ok: true; position: StoredPosition; lineCode: string } | { ok: false; errors: Record<string, string[]> };

/** Gitlab::Git.diff_line_code: "<sha1 of the path>_<old counter>_<new counter>". */
export function lineCode(path: string, oldPos: number, newPos: number): string {
  return `${createHash("sha1").update(path).digest("hex")}_${oldPos}_${newPos}`;
}

/** The lines of one file's hunks, numbered as Gitlab::Diff::Parser numbers them. */
export function diffLines(hunks: string): DiffLine[] {
  if (hunks.trim() === "") return [];
  const lines: DiffLine[] = [];
  for (const [hunkIndex, hunk] of parsePatch(hunks).entries()) {
    let oldPos = hunk.oldStart;
    let newPos = hunk.newStart;
    for (const line of hunk.lines) {
      lines.push({ kind: line.kind, oldLine: line.oldLine, newLine: line.newLine, oldPos, newPos, hunk: hunkIndex, index: lines.length });
      if (line.kind !== "add") oldPos++;
      if (line.kind !== "del") newPos++;
    }
  }
  return lines;
}

/** The diff line GitLab finds for an old/new pair: both must match exactly, a missing number matching only a missing one. */
export function findDiffLine(lines: readonly DiffLine[], oldLine: number | null | undefined, newLine: number | null | undefined): DiffLine | undefined {
  if (oldLine == null && newLine == null) return undefined;
  return lines.find((line) => line.oldLine === (oldLine ?? undefined) && line.newLine === (newLine ?? undefined));
}

const refused = (errors: Record<string, string[]>): PositionCheck => ({ ok: false, errors });

export function checkPosition(position: PositionInput, versions: readonly VersionDiff[]): PositionCheck {
  const version = versions.find(
    (candidate) => candidate.baseSha === position.base_sha && candidate.startSha === position.start_sha && candidate.headSha === position.head_sha,
  );
  if (!version || !position.old_path || !position.new_path) return refused(LINE_CODE_ERRORS);
  const file = version.files.find((candidate) => candidate.oldPath === position.old_path && candidate.newPath === position.new_path);
  if (!file) return refused(LINE_CODE_ERRORS);
  const lines = diffLines(file.hunks);
  const line = findDiffLine(lines, position.old_line, position.new_line);
  if (!line) return refused(LINE_CODE_ERRORS);
  const code = lineCode(file.newPath, line.oldPos, line.newPos);

  let lineRange: StoredPosition["line_range"] = null;
  if (position.line_range) {
    const range = checkLineRange(position.line_range, lines, line, file.newPath);
    if (!range.ok) return refused({ line_range: [range.problem] });
    lineRange = range.range;
  }
  return {
    ok: true,
    lineCode: code,
    position: {
      base_sha: version.baseSha,
      start_sha: version.startSha,
      head_sha: version.headSha,
      old_path: file.oldPath,
      new_path: file.newPath,
      position_type: "text",
      old_line: line.oldLine ?? null,
      new_line: line.newLine ?? null,
      line_range: lineRange,
      ignore_whitespace_change: false,
    },
  };
}

type RangeCheck = { ok: true; range: NonNullable<StoredPosition["line_range"]> } | { ok: false; problem: string };

/**
 * A multi-line comment: `start` and `end` name lines of the diff (same old/new rule as the
 * position, with GitLab's line codes), `end` is the position's own line, both sit in one hunk,
 * and `start` comes first.
 */
export function checkLineRange(range: NonNullable<PositionInput["line_range"]>, lines: readonly DiffLine[], positionLine: DiffLine, path: string): RangeCheck {
  const ends: Partial<Record<"start" | "end", DiffLine>> = {};
  for (const name of ["start", "end"] as const) {
    const end = range[name];
    if (!end) return { ok: false, problem: `${name} is missing` };
    const line = findDiffLine(lines, end.old_line, end.new_line);
    if (!line) return { ok: false, problem: `${name} is not a line of the diff` };
    if (end.line_code !== lineCode(path, line.oldPos, line.newPos)) return { ok: false, problem: `${name} must be a valid line code` };
    ends[name] = line;
  }
  const start = ends.start!;
  const end = ends.end!;
  if (end.index !== positionLine.index) return { ok: false, problem: "end must be the line of the position" };
  if (start.hunk !== end.hunk) return { ok: false, problem: "must be inside one hunk" };
  if (start.index > end.index) return { ok: false, problem: "start must not come after end" };
  const stored = (name: "start" | "end", line: DiffLine): StoredRangeEnd => ({
    line_code: range[name]!.line_code!,
    type: range[name]!.type ?? null,
    old_line: line.oldLine ?? null,
    new_line: line.newLine ?? null,
  });
  return { ok: true, range: { start: stored("start", start), end: stored("end", end) } };
}
