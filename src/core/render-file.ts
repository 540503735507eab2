import type { DiffLine, FileDiff, Hunk } from "./diff-model.js";
import type { TokenCounter } from "./count-tokens.js";
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

export function renderLine(line: DiffLine): string {
  const text = line.text.endsWith("\r") ? line.text.slice(0, -1) : line.text;
  // No space between number and marker: on short code lines it is 5% of all tokens sent.
  if (line.kind === "add") return `${line.newLine}+${text}\n`;
  if (line.kind === "del") return `L${line.oldLine}-${text}\n`;
  return `${line.newLine} ${text}\n`;
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
 * hunk, and a hunk too large for that is cut at line boundaries. Token counts are summed per piece; pieces end
 * at newlines, where the tokenizer does not merge across, so sums match the joined text.
 */
export function renderFile(
  file: FileDiff,
  options: { contextLines: number; maxTokens: number; countTokens: TokenCounter },
): RenderedFile {
  const header = fileHeading(file);
  const headerTokens = options.countTokens(header);
  const limits = { maxPieceTokens: options.maxTokens - headerTokens, countTokens: options.countTokens };
  const pieces: RenderedPiece[] = [];
  for (const hunk of file.hunks) {
    const lines = visibleLines(hunk, options.contextLines);
    if (lines.length === 0) continue;
    pieces.push(...renderLines(lines, limits, `@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@\n`));
  }
  const tokens = pieces.reduce((sum, piece) => sum + piece.tokens, headerTokens);
  return { path: file.path, header, headerTokens, pieces, tokens };
}

function renderLines(
  lines: Array<DiffLine | null>,
  options: { maxPieceTokens: number; countTokens: TokenCounter },
  lead: string,
): RenderedPiece[] {
  const text = lead + lines.map((line) => (line ? renderLine(line) : "...\n")).join("");
  const tokens = options.countTokens(text);
  if (tokens <= options.maxPieceTokens || lines.length <= 1) {
    return [{ text, tokens, newRange: newRangeOf(lines) }];
  }
  // Halving keeps the cost of counting near linear: each line is counted O(log n) times.
  const mid = Math.ceil(lines.length / 2);
  return [
    ...renderLines(lines.slice(0, mid), options, lead),
    ...renderLines(lines.slice(mid), options, "@@ (continued) @@\n"),
  ];
}

function newRangeOf(lines: Array<DiffLine | null>): RenderedPiece["newRange"] {
  let start = Infinity;
  let end = -Infinity;
  for (const line of lines) {
    if (line?.newLine != null) {
      start = Math.min(start, line.newLine);
      end = Math.max(end, line.newLine);
    }
  }
  return start === Infinity ? null : { start, end };
}
