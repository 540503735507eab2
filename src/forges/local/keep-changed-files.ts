import { splitDiff } from "../../core/split-diff.js";
import { gitDiffPieces } from "./git-diff-pieces.js";

/**
 * The files of a whole `git diff` that touch one of `paths` (by new or old name), with
 * their text exactly as git wrote it: an incremental review keeps the whole change's hunks
 * for those files, so its line numbers are the change's own. Returns the kept diff and how
 * many files it holds.
 */
export function keepChangedFiles(diff: string, paths: ReadonlySet<string>): { diff: string; files: number } {
  let kept = "";
  let files = 0;
  for (const piece of gitDiffPieces(diff)) {
    const [section] = splitDiff(piece);
    if (section && (paths.has(section.path) || paths.has(section.oldPath))) {
      kept += piece;
      files += 1;
    }
  }
  return { diff: kept, files };
}
