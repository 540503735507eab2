import { scannedLines } from "./scanned-lines.js";

/** Average length of the diff lines in the scanned window, or null when it shows none. */
export function averageLineLength(body: string): number | null {
  let chars = 0;
  let lines = 0;
  for (const line of scannedLines(body)) {
    const kind = line[0];
    if (kind !== "+" && kind !== "-" && kind !== " ") continue;
    // A deleted line counts too: changing a minified file shows an old and a new long line,
    // and the old one alone may fill the window.
    chars += line.length - 1;
    lines++;
  }
  return lines === 0 ? null : chars / lines;
}
