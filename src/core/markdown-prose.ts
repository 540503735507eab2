/**
 * The prose of a markdown text: what a forge renders as text and reads for mentions, quick
 * actions and HTML, as opposed to code (fenced blocks, code spans) and URLs, which must stay
 * as written because people copy them. The neutralizers of model text walk only the prose.
 *
 * What counts as code is read narrowly, so that a construct a forge would not render as code
 * (an unclosed fence, a fence inside a list item with its content outdented, a code span
 * across lines) is treated as prose: a missed ping or quick action costs more than an
 * invisible character in an odd code sample.
 */

/** A fence opening a block: up to three spaces, then three or more backticks or tildes (backticks: no backtick after). */
const FENCE_OPEN = /^( {0,3})(`{3,}(?!.*`)|~{3,})/;
const URL = /\b(?:https?|ftp):\/\/[^\s<>]*/gi;

/** `markdown` with `change` applied to each line outside closed fenced blocks. */
export function mapProseLines(markdown: string, change: (line: string) => string): string {
  const lines = markdown.split("\n");
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const end = closedFenceEnd(lines, i);
    if (end === null) {
      out.push(change(lines[i]!));
      continue;
    }
    out.push(...lines.slice(i, end + 1));
    i = end;
  }
  return out.join("\n");
}

/** One line with `change` applied to its text outside code spans and URLs. */
export function mapProseSpans(line: string, change: (text: string) => string): string {
  let out = "";
  let from = 0;
  for (const [start, end] of verbatimSpans(line)) {
    out += change(line.slice(from, start)) + line.slice(start, end);
    from = end;
  }
  return out + change(line.slice(from));
}

/**
 * The index of the line closing a fenced block opened at `start`, or null when `start`
 * opens none, or the block is not closed while every line in it is indented at least as
 * far as its opening fence (an outdented line may end a list item and, with it, the block).
 */
function closedFenceEnd(lines: readonly string[], start: number): number | null {
  const open = FENCE_OPEN.exec(lines[start]!);
  if (!open) return null;
  const indent = open[1]!.length;
  const fence = open[2]!;
  const close = new RegExp(`^ {0,3}${fence[0] === "`" ? "`" : "~"}{${fence.length},}[ \\t\\r]*$`);
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (close.test(line)) return i;
    if (line.trim() !== "" && line.length - line.trimStart().length < indent) return null;
  }
  return null;
}

/** Code spans (a run of backticks closed by a run of the same length on the line) and URLs, in order. */
function verbatimSpans(line: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  const ticks = /`+/g;
  let match: RegExpExecArray | null;
  let searchedTo = 0;
  while ((match = ticks.exec(line))) {
    const run = match[0].length;
    const closing = new RegExp(`(?<!\`)\`{${run}}(?!\`)`, "g");
    closing.lastIndex = match.index + run;
    const close = closing.exec(line);
    if (!close) continue;
    addUrls(line, searchedTo, match.index, spans);
    spans.push([match.index, close.index + run]);
    searchedTo = close.index + run;
    ticks.lastIndex = searchedTo;
  }
  addUrls(line, searchedTo, line.length, spans);
  return spans;
}

function addUrls(line: string, from: number, to: number, spans: Array<[number, number]>): void {
  for (const url of line.slice(from, to).matchAll(URL)) spans.push([from + url.index, from + url.index + url[0].length]);
}
