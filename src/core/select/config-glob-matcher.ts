import picomatch from "picomatch";

/**
 * A matcher for one config glob (`include` / `exclude`), read like a .gitignore line:
 * - a pattern with no slash matches a file or folder name at any depth (`*.md`, `fixtures`);
 * - a pattern with a slash is matched against the whole path from the repository root;
 *   a leading `/` only anchors it (`/docs/*.md`, `src/**\/*.test.ts`);
 * - a pattern that matches a folder matches everything inside it (`docs`, `src/gen`);
 * - a trailing `/` makes the pattern match folders only (`build/`).
 * Negation (`!pattern`) is refused: `exclude` wins over `include`, which says the same.
 *
 * Throws, with a message that says what to write instead, for a pattern we refuse; the
 * config loader calls it to validate early.
 */
export function configGlobMatcher(pattern: string): (path: string) => boolean {
  let glob = pattern.trim();
  if (glob === "") throw new Error(`empty path pattern in include/exclude: remove it from the list`);
  if (glob.startsWith("!")) {
    throw new Error(
      `path pattern "${pattern}" starts with "!": negation is not supported; put the files to skip in exclude (exclude wins over include)`,
    );
  }
  const foldersOnly = glob.endsWith("/");
  glob = glob.replace(/\/+$/, "");
  const anchored = glob.includes("/");
  glob = glob.replace(/^\/+/, "");
  if (glob === "") throw new Error(`path pattern "${pattern}" matches the whole repository: remove it`);
  // `windows: false`: diff paths always use `/`, and the core must not depend on the platform.
  const isMatch = picomatch(glob, { dot: true, windows: false });
  return (path) => {
    const segments = path.split("/");
    // The file itself is a candidate unless the pattern names folders only.
    const last = foldersOnly ? segments.length - 1 : segments.length;
    if (anchored) {
      for (let end = 1; end <= last; end++) if (isMatch(segments.slice(0, end).join("/"))) return true;
    } else {
      for (let i = 0; i < last; i++) if (isMatch(segments[i]!)) return true;
    }
    return false;
  };
}
