import {
  DiffParseError,
  type DiffLine,
  type FileDiff,
  type FileSection,
  type Hunk,
} from "./diff-model.js";
import { parseHunkHeader } from "./hunk-header.js";

const AT = 64;
const PLUS = 43;
const MINUS = 45;
const BACKSLASH = 92;

/**
 * Reads a section's hunks into lines with their old and new line numbers. The body was
 * checked by `splitDiff` against each `@@` header's counts, so a hunk's lines are exactly
 * the ones its header promises; they are counted again here, so a body that did not come
 * from `splitDiff` cannot give wrong numbers either. Inside a hunk, an empty line is a
 * context line that lost its space (as `git apply` reads it), and a `\` line is the
 * no-newline marker in any wording (GNU diff translates it): it becomes a flag on the
 * side of the line before it, never a line. Outside hunks, only `@@` and `\` lines mean
 * anything (a format-patch signature does not).
 */
export function parseHunks(section: FileSection): FileDiff {
  const { body, bodyLine, ...header } = section;
  const hunks: Hunk[] = [];
  let hunk: Hunk | null = null;
  let oldLeft = 0;
  let newLeft = 0;
  let oldLine = 0;
  let newLine = 0;
  let pos = 0;
  while (pos < body.length) {
    let end = body.indexOf("\n", pos);
    if (end < 0) end = body.length;
    const marker = end > pos ? body.charCodeAt(pos) : -1;
    if (marker === BACKSLASH) {
      if (hunk) noNewlineAtEnd(hunk);
    } else if (oldLeft > 0 || newLeft > 0) {
      const text = body.slice(pos + 1, end);
      let line: DiffLine;
      if (marker === PLUS) {
        line = { kind: "add", text, oldLine: null, newLine: newLine++ };
        newLeft--;
      } else if (marker === MINUS) {
        line = { kind: "del", text, oldLine: oldLine++, newLine: null };
        oldLeft--;
      } else {
        line = { kind: "context", text, oldLine: oldLine++, newLine: newLine++ };
        oldLeft--;
        newLeft--;
      }
      hunk!.lines.push(line);
      if (oldLeft < 0 || newLeft < 0) throw miscounted(hunk!, section);
    } else if (marker === AT && body.startsWith("@@", pos)) {
      const counts = parseHunkHeader(body, pos);
      const headerText = body.slice(pos, end);
      if (!counts) throw new DiffParseError(`bad hunk header ${JSON.stringify(headerText)}`, { file: section.path, line: bodyLine });
      hunk = { header: headerText, ...counts, lines: [], oldNoNewlineAtEnd: false, newNoNewlineAtEnd: false };
      hunks.push(hunk);
      ({ oldLines: oldLeft, newLines: newLeft, oldStart: oldLine, newStart: newLine } = counts);
    }
    pos = end + 1;
  }
  if (oldLeft > 0 || newLeft > 0) throw miscounted(hunk!, section);
  return { ...header, hunks };
}

/** The marker follows the line it is about: an added line's new side, a deleted line's old side, or a context line's both. */
function noNewlineAtEnd(hunk: Hunk): void {
  const last = hunk.lines[hunk.lines.length - 1];
  if (last?.kind !== "add") hunk.oldNoNewlineAtEnd = true;
  if (last?.kind !== "del") hunk.newNoNewlineAtEnd = true;
}

function miscounted(hunk: Hunk, section: FileSection): DiffParseError {
  const old = hunk.lines.filter((line) => line.kind !== "add").length;
  const added = hunk.lines.filter((line) => line.kind !== "del").length;
  return new DiffParseError(
    `hunk ${hunk.header} holds ${old} old and ${added} new lines, its header says ${hunk.oldLines} and ${hunk.newLines}`,
    { file: section.path, line: section.bodyLine },
  );
}
