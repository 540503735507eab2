import { splitDiff } from "../../core/split-diff.js";

/**
 * The files of a whole `git diff` that touch one of `paths` (by new or old name), with
 * their text exactly as git wrote it: an incremental review keeps the whole change's hunks
 * for those files, so its line numbers are the change's own. Returns the kept diff and how
 * many files it holds.
 *
 * The diff must come from `git diff` with pinned options: each file then starts with a
 * `diff --git ` line, which no hunk line can be (they start with ' ', '+', '-' or '\').
 */
export function keepChangedFiles(diff: string, paths: ReadonlySet<string>): { diff: string; files: number } {
  const starts = [...diff.matchAll(/^diff --git /gm)].map((m) => m.index);
  let kept = "";
  let files = 0;
  for (const [i, start] of starts.entries()) {
    const piece = diff.slice(start, starts[i + 1] ?? diff.length);
    const [section] = splitDiff(piece);
    if (section && (paths.has(section.path) || paths.has(section.oldPath))) {
      kept += piece;
      files += 1;
    }
  }
  return { diff: kept, files };
}
