/**
 * Which file of the change a path in a model answer names. Models copy paths the way they
 * have seen them elsewhere: with git's `a/`/`b/` diff prefixes, as `./src/a.ts` or
 * `/src/a.ts`, with Windows separators, or wrapped in backticks. Each spelling is tried
 * from the most literal to the most rewritten, and the first that names a file wins, so a
 * repository that really has a top-level `b/` folder keeps its `b/x.ts` (the exact path is
 * tried before the prefix is taken off).
 *
 * `lookup` says whether a spelling names a file (the caller knows which files count);
 * the path matched is the caller's own, never the model's.
 */
export function resolveModelPath<T>(path: string, lookup: (spelling: string) => T | undefined): T | undefined {
  for (const spelling of spellings(path)) {
    const found = lookup(spelling);
    if (found !== undefined) return found;
  }
  return undefined;
}

function spellings(path: string): string[] {
  const tidy = path
    .trim()
    .replace(/^`(.*)`$/, "$1")
    .replace(/\\/g, "/")
    // `./x`, `/x`, `.//x`: the repository root, said in the ways a shell or a URL would.
    .replace(/^(?:\.?\/)+/, "");
  const found = [path, tidy];
  // The old side's prefix too: a model quoting `--- a/x` means the same file.
  if (tidy.startsWith("b/") || tidy.startsWith("a/")) found.push(tidy.slice(2));
  return found;
}
