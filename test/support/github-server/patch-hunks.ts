/**
 * Reads a per-file patch as GitHub serves it (`files[].patch`: hunks only, no `diff --git`
 * or `---`/`+++` headers) into hunks whose lines carry their old and new line numbers and
 * their diff `position` (the legacy review-comment address). Pure.
 */

export type PatchLineKind = "context" | "add" | "del";

export interface PatchLine {
  kind: PatchLineKind;
  /** Line number in the old file (context and deleted lines). */
  oldLine: number | undefined;
  /** Line number in the new file (context and added lines). */
  newLine: number | undefined;
  /** Lines below the first `@@` header, counting later headers: what GitHub calls `position`. */
  position: number;
  /** The patch text from this line's hunk header down to this line: GitHub's `diff_hunk`. */
  diffHunk: string;
}

export interface PatchHunk {
  header: string;
  oldStart: number;
  newStart: number;
  lines: PatchLine[];
}

const HUNK_HEADER = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/;

export function parsePatch(patch: string): PatchHunk[] {
  const rows = patch.split("\n");
  if (rows.at(-1) === "") rows.pop();
  const hunks: PatchHunk[] = [];
  let current: { hunk: PatchHunk; text: string[]; oldLine: number; newLine: number } | undefined;
  let position = 0;

  for (const [index, row] of rows.entries()) {
    const header = HUNK_HEADER.exec(row);
    if (header) {
      // The first header is position 0; every later header takes a position of its own.
      if (current) position++;
      const hunk: PatchHunk = { header: row, oldStart: Number(header[1]), newStart: Number(header[2]), lines: [] };
      hunks.push(hunk);
      current = { hunk, text: [row], oldLine: hunk.oldStart, newLine: hunk.newStart };
      continue;
    }
    if (!current) throw new Error(`patch line ${index + 1} comes before any "@@" hunk header: ${JSON.stringify(row)}`);
    position++;
    current.text.push(row);
    // "\ No newline at end of file" takes a position but is no line of either file.
    if (row.startsWith("\\")) continue;
    const kind: PatchLineKind = row.startsWith("+") ? "add" : row.startsWith("-") ? "del" : "context";
    const line: PatchLine = {
      kind,
      oldLine: kind === "add" ? undefined : current.oldLine++,
      newLine: kind === "del" ? undefined : current.newLine++,
      position,
      diffHunk: current.text.join("\n"),
    };
    current.hunk.lines.push(line);
  }
  return hunks;
}

/** Where a line of one side sits in the patch, or undefined when no hunk shows it on that side. */
export function findLine(hunks: PatchHunk[], side: "LEFT" | "RIGHT", line: number): { hunk: number; line: PatchLine } | undefined {
  for (const [hunk, { lines }] of hunks.entries()) {
    const found = lines.find((candidate) =>
      side === "RIGHT" ? candidate.kind !== "del" && candidate.newLine === line : candidate.kind !== "add" && candidate.oldLine === line,
    );
    if (found) return { hunk, line: found };
  }
  return undefined;
}

/** The line at a diff `position`, or undefined when the position is a hunk header or past the end. */
export function findPosition(hunks: PatchHunk[], position: number): { hunk: number; line: PatchLine } | undefined {
  for (const [hunk, { lines }] of hunks.entries()) {
    const found = lines.find((candidate) => candidate.position === position);
    if (found) return { hunk, line: found };
  }
  return undefined;
}
