import type { DiffLine, FileDiff, Hunk } from "./diff-model.js";
import { lineNumberTokens, type TokenCounter } from "./count-tokens.js";
import { promptPath } from "./prompt-path.js";

/**
 * How a file is shown to the model. Every line carries the number the model must cite:
 * a plain number is the new file's line (RIGHT side), `L<n>` is the old file's line of a
 * deleted line (LEFT side). Diff headers git needs but the model does not are left out,
 * which pays for the numbers.
 */

export interface RenderedPiece {
  text: string;
  tokens: number;
  /** Lines of the new file this piece shows (added and context), if any. */
  newRange: { start: number; end: number } | null;
}

export interface RenderedFile {
  path: string;
  header: string;
  headerTokens: number;
  pieces: RenderedPiece[];
  tokens: number;
}

export function fileHeading(file: FileDiff): string {
  const how =
    file.status === "renamed" || file.status === "copied"
      ? `${file.status} from ${promptPath(file.oldPath)}`
      : file.status;
  return `### ${promptPath(file.path)} (${how})\n`;
}

/** Lines of a hunk worth showing: changes, and up to `context` unchanged lines around them. */
export function visibleLines(hunk: Hunk, context: number): Array<DiffLine | null> {
  const lines = hunk.lines;
  const keep = new Uint8Array(lines.length);
  let lastChange = -Infinity;
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.kind !== "context") lastChange = i;
    if (i - lastChange <= context) keep[i] = 1;
  }
  lastChange = Infinity;
  for (let i = lines.length - 1; i >= 0; i--) {
    if (lines[i]!.kind !== "context") lastChange = i;
    if (lastChange - i <= context) keep[i] = 1;
  }
  // null marks a gap of unchanged lines left out, so the model does not read it as adjacent.
  const out: Array<DiffLine | null> = [];
  for (let i = 0; i < lines.length; i++) {
    if (keep[i]) out.push(lines[i]!);
    else if (out.length > 0 && out[out.length - 1] !== null) out.push(null);
  }
  if (out[out.length - 1] === null) out.pop();
  return out;
}

/**
 * Renders a file as pieces that fit one request (`maxTokens`, heading included): one per
 * hunk, and a hunk too large for that is cut at line boundaries.
 *
 * Tokens are counted line by line and summed. That is exact for o200k: its pre-tokenizer
 * never joins text across a line's end here, since every rendered line ends with a newline
 * and the next begins with a digit, `L`, `.` or `@`, which no pre-token ending in a newline
 * takes in. Within a line, the number and the rest (marker and text) are counted apart,
 * which is exact too, since only the digits pattern takes a digit and it stops at the
 * marker (the number's tokens are counted, see `lineNumberTokens`). The rest recurs often (a closing brace, a blank line, an import), and a counter
 * that remembers (`reviewTokenCounter`) then counts it once per review.
 */
export function renderFile(
  file: FileDiff,
  options: { contextLines: number; maxTokens: number; countTokens: TokenCounter },
): RenderedFile {
  const count = options.countTokens;
  const header = fileHeading(file);
  const headerTokens = count(header);
  const limits = { maxPieceTokens: options.maxTokens - headerTokens, countTokens: count };
  const pieces: RenderedPiece[] = [];
  for (const hunk of file.hunks) {
    const visible = visibleLines(hunk, options.contextLines);
    if (visible.length === 0) continue;
    const lines = visible.map((line) => renderCounted(line, count));
    const lead = `@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@\n`;
    renderLines(lines, 0, lines.length, limits, lead, pieces);
  }
  const tokens = pieces.reduce((sum, piece) => sum + piece.tokens, headerTokens);
  return { path: file.path, header, headerTokens, pieces, tokens };
}

interface CountedLine {
  text: string;
  tokens: number;
  newLine: number | null;
}

const GAP = "...\n";
const CONTINUED = "@@ (continued) @@\n";

/**
 * A line as the model reads it, with the number it must cite: a plain number is the new
 * file's line (RIGHT side), `L<n>` the old file's line of a deleted line (LEFT side). No
 * space between number and marker: on short code lines it is 5% of all tokens sent. Null
 * is the gap marker.
 */
function renderCounted(line: DiffLine | null, count: TokenCounter): CountedLine {
  if (!line) return { text: GAP, tokens: count(GAP), newLine: null };
  const text = line.text.endsWith("\r") ? line.text.slice(0, -1) : line.text;
  const old = line.kind === "del";
  const number = old ? line.oldLine! : line.newLine!;
  const rest = `${line.kind === "add" ? "+" : old ? "-" : " "}${text}\n`;
  return { text: `${old ? "L" : ""}${number}${rest}`, tokens: lineNumberTokens(number, old) + count(rest), newLine: line.newLine };
}

function renderLines(
  lines: CountedLine[],
  from: number,
  to: number,
  options: { maxPieceTokens: number; countTokens: TokenCounter },
  lead: string,
  out: RenderedPiece[],
): void {
  let tokens = options.countTokens(lead);
  for (let i = from; i < to; i++) tokens += lines[i]!.tokens;
  if (tokens <= options.maxPieceTokens || to - from <= 1) {
    let text = lead;
    for (let i = from; i < to; i++) text += lines[i]!.text;
    out.push({ text, tokens, newRange: newRangeOf(lines, from, to) });
    return;
  }
  // Halving keeps the cost of summing near linear: each line is summed O(log n) times.
  const mid = from + Math.ceil((to - from) / 2);
  renderLines(lines, from, mid, options, lead, out);
  renderLines(lines, mid, to, options, CONTINUED, out);
}

function newRangeOf(lines: CountedLine[], from: number, to: number): RenderedPiece["newRange"] {
  let start = Infinity;
  let end = -Infinity;
  for (let i = from; i < to; i++) {
    const at = lines[i]!.newLine;
    if (at != null) {
      start = Math.min(start, at);
      end = Math.max(end, at);
    }
  }
  return start === Infinity ? null : { start, end };
}
