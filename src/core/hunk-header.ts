/**
 * The one reader of `@@ -a[,b] +c[,d] @@` hunk headers, shared by every stage that walks
 * hunk text (split, parse, select, redact), so they cannot disagree about where a hunk
 * starts or how long it is.
 */

export interface HunkHeader {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
}

// Sticky, so a caller walking a large text can read a header in place without slicing it.
const HUNK_HEADER = /@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/y;

/** The header starting at `text[at]` (default: the start), or null if none starts there. A count left out means 1. */
export function parseHunkHeader(text: string, at = 0): HunkHeader | null {
  HUNK_HEADER.lastIndex = at;
  const m = HUNK_HEADER.exec(text);
  if (!m) return null;
  return {
    oldStart: Number(m[1]),
    oldLines: m[2] === undefined ? 1 : Number(m[2]),
    newStart: Number(m[3]),
    newLines: m[4] === undefined ? 1 : Number(m[4]),
  };
}
