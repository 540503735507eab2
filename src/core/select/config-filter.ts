import { configGlobMatcher } from "./config-glob-matcher.js";
import type { SkippedFile } from "./skipped-file.js";

/**
 * The user's `include` / `exclude` globs as one test: the skip they give a path, or null
 * when the config lets it through. `exclude` wins over `include`. Throws for a pattern we
 * refuse (see `configGlobMatcher`).
 */
export function compileConfigFilter(options: {
  include?: readonly string[];
  exclude?: readonly string[];
}): (path: string) => Omit<SkippedFile, "path"> | null {
  const compile = (patterns: readonly string[] | undefined) =>
    (patterns ?? []).map((pattern) => ({ pattern, matches: configGlobMatcher(pattern) }));
  const include = compile(options.include);
  const exclude = compile(options.exclude);
  return (path) => {
    const excludedBy = exclude.find((glob) => glob.matches(path));
    if (excludedBy) return { reason: "excluded", detail: `excluded by config pattern "${excludedBy.pattern}" (exclude)` };
    if (include.length > 0 && !include.some((glob) => glob.matches(path))) {
      return { reason: "not-included", detail: "matches no include pattern (include)" };
    }
    return null;
  };
}
