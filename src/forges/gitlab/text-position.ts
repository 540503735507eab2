/**
 * Where a comment sits, as GitLab takes it: a text `position` on a merge request discussion.
 * GitLab finds the diff line whose old and new numbers equal `old_line` and `new_line`
 * exactly, an added line having no old number and a removed line no new one; any other pair
 * leaves the note without a line code and GitLab answers 400 "line_code can't be blank". So:
 * `new_line` alone for an added line, `old_line` alone for a removed one, both for a context
 * line. The Review names a line by one side's number; its kind and its other number come
 * from the diff the review was made on, which the publisher is given with it.
 *
 * A range (`startLine..line`) is a `line_range` whose `start` and `end` carry GitLab's line
 * codes; `end` is the position's own line. The anchor stage keeps every range inside one hunk.
 */
import type { DiffLine, FileDiff } from "../../core/diff-model.js";
import type { ReviewComment } from "../../core/review-result.js";
import { lineCode } from "./line-code.js";
import type { DiffRefs } from "./merge-request-facts.js";

/** One end of a `line_range`, as GitLab names the fields. */
export interface LineRangeEnd {
  line_code: string;
  type: "new" | "old";
  old_line?: number;
  new_line?: number;
}

/** The `position` of `POST /merge_requests/:iid/discussions`, as GitLab names the fields. */
export interface TextPosition {
  position_type: "text";
  base_sha: string;
  start_sha: string;
  head_sha: string;
  old_path: string;
  new_path: string;
  old_line?: number;
  new_line?: number;
  line_range?: { start: LineRangeEnd; end: LineRangeEnd };
}

export type PositionOutcome = { ok: true; position: TextPosition } | { ok: false; reason: string };

interface PlacedLine {
  line: DiffLine;
  hunk: number;
  oldCounter: number;
  newCounter: number;
}

export function textPosition(
  comment: Pick<ReviewComment, "path" | "line" | "startLine" | "side">,
  file: FileDiff,
  refs: DiffRefs,
): PositionOutcome {
  const end = findLine(file, comment.side, comment.line);
  if (!end) return { ok: false, reason: `line ${comment.line} (${sideName(comment.side)}) is not in the diff of ${file.path}` };
  const position: TextPosition = {
    position_type: "text",
    base_sha: refs.baseSha,
    start_sha: refs.startSha,
    head_sha: refs.headSha,
    old_path: file.oldPath,
    new_path: file.path,
    ...lineNumbers(end.line),
  };
  if (comment.startLine === undefined || comment.startLine === comment.line) return { ok: true, position };
  const start = findLine(file, comment.side, comment.startLine);
  if (!start) return { ok: false, reason: `line ${comment.startLine} (${sideName(comment.side)}) is not in the diff of ${file.path}` };
  if (start.hunk !== end.hunk) return { ok: false, reason: `lines ${comment.startLine}-${comment.line} of ${file.path} span two hunks` };
  position.line_range = { start: rangeEnd(file.path, start), end: rangeEnd(file.path, end) };
  return { ok: true, position };
}

/** `new_line` for an added line, `old_line` for a removed one, both for context. */
function lineNumbers(line: DiffLine): Pick<TextPosition, "old_line" | "new_line"> {
  return {
    ...(line.oldLine !== null ? { old_line: line.oldLine } : {}),
    ...(line.newLine !== null ? { new_line: line.newLine } : {}),
  };
}

function rangeEnd(path: string, placed: PlacedLine): LineRangeEnd {
  // GitLab's docs: "new" for a line the change adds, "old" otherwise.
  return { line_code: lineCode(path, placed.oldCounter, placed.newCounter), type: placed.line.kind === "add" ? "new" : "old", ...lineNumbers(placed.line) };
}

/** The diff line with that number on that side, with the counters GitLab's parser has there. */
function findLine(file: FileDiff, side: ReviewComment["side"], number: number): PlacedLine | null {
  for (const [hunk, { oldStart, newStart, lines }] of file.hunks.entries()) {
    let oldCounter = oldStart;
    let newCounter = newStart;
    for (const line of lines) {
      if ((side === "RIGHT" ? line.newLine : line.oldLine) === number) return { line, hunk, oldCounter, newCounter };
      if (line.kind !== "add") oldCounter++;
      if (line.kind !== "del") newCounter++;
    }
  }
  return null;
}

function sideName(side: ReviewComment["side"]): string {
  return side === "RIGHT" ? "new file" : "old file";
}
