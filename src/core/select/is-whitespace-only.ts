import type { FileDiff } from "../diff-model.js";
import type { SkippedFile } from "./skipped-file.js";
import { isSpacingSensitive } from "./spacing-sensitive.js";

/**
 * True when `git diff -b` would show nothing for this file: in every hunk the old side
 * (context and deleted lines) and the new side (context and added lines) are the same
 * lines in the same order, differing only in the amount of whitespace where whitespace
 * already was. Lines outside the hunks are the same on both sides, so the hunks decide.
 *
 * So a reordered line, a line added or removed (even a blank one), and whitespace put
 * where there was none (`rm -rf /tmp/x` -> `rm -rf / tmp/x`) are all changes, and so is a
 * CR inside a line (see `spacingKey`). Files where spacing is meaning (Python, YAML,
 * Makefiles, ...: `isSpacingSensitive`) are never whitespace-only.
 */
export function isWhitespaceOnly(file: FileDiff): boolean {
  if (isSpacingSensitive(file.path)) return false;
  let changed = false;
  for (const hunk of file.hunks) {
    const before: string[] = [];
    const after: string[] = [];
    for (const line of hunk.lines) {
      if (line.kind !== "add") before.push(line.text);
      if (line.kind !== "del") after.push(line.text);
      if (line.kind !== "context") changed = true;
    }
    if (before.length !== after.length) return false;
    for (let i = 0; i < before.length; i++) {
      if (spacingKey(before[i]!) !== spacingKey(after[i]!)) return false;
    }
  }
  return changed;
}

export function whitespaceOnlySkip(file: Pick<FileDiff, "path">): SkippedFile {
  return { path: file.path, reason: "whitespace-only", detail: "whitespace-only change (git diff -b shows nothing)" };
}

/**
 * A line as `git diff -b` compares it: every run of whitespace stands for one space, and
 * whitespace at the end is dropped. Whitespace is what git's own `isspace` says (space,
 * tab, CR and LF; not vertical tab or form feed: xdiff's XDF_IGNORE_WHITESPACE_CHANGE),
 * with one exception where we are stricter than git: a CR counts as whitespace only at the
 * end of a line (a CRLF line end). Inside a line a lone CR ends the line for JavaScript,
 * C, Java and more, so `// note\rdrop(db);` runs a call that `// note drop(db);` does not.
 * Lines equal under this key are always equal for git.
 */
function spacingKey(text: string): string {
  return text.replace(/[ \t\r]+$/, "").replace(/[ \t]+/g, " ");
}
