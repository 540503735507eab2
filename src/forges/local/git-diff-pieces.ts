/**
 * A whole `git diff` cut into one piece per file, each exactly as git wrote it (headers
 * and hunks). The diff must come from `git diff` with pinned options: each file then
 * starts with a `diff --git ` line, which no hunk line can be (they start with ' ', '+',
 * '-' or '\').
 */
export function gitDiffPieces(diff: string): string[] {
  const starts = [...diff.matchAll(/^diff --git /gm)].map((m) => m.index);
  return starts.map((start, i) => diff.slice(start, starts[i + 1] ?? diff.length));
}
