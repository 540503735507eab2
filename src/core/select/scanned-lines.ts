/**
 * The content rules read only this much of a file's diff text: a generator's marker sits
 * in the file's first lines, and a minified file shows its long lines at once, so reading
 * further would only make a 50 MB diff expensive to skip.
 */
export const BODY_SCAN_CHARS = 16_384;

/** The diff lines of the scanned window of a file's hunk text. */
export function scannedLines(body: string): string[] {
  return body.slice(0, BODY_SCAN_CHARS).split("\n");
}
