import picomatch from "picomatch";

/**
 * The files of a change, most important first, for a review with a budget that may not
 * reach them all: files that `path_instructions` single out come first (the maintainers
 * said they need care), then the larger changes (more changed lines, more to get wrong);
 * ties keep diff order, so the same change always gives the same order.
 */
export function byImportance<T extends { path: string; additions: number; deletions: number }>(
  files: readonly T[],
  pathInstructionGlobs: readonly string[],
): T[] {
  // Matched as build-messages matches them, so "singled out" means what the model is told.
  const matchers = pathInstructionGlobs.map((glob) => picomatch(glob, { dot: true, windows: false }));
  const singledOut = (path: string) => matchers.some((isMatch) => isMatch(path));
  return files
    .map((file, index) => ({ file, index, first: singledOut(file.path) ? 0 : 1, size: file.additions + file.deletions }))
    .sort((a, b) => a.first - b.first || b.size - a.size || a.index - b.index)
    .map(({ file }) => file);
}
