/**
 * Paths as git writes them in diff headers. A path with spaces at its end, quotes,
 * backslashes, control characters or (by default, core.quotePath) any non-ASCII byte is
 * written C-style inside double quotes, with non-ASCII bytes as octal escapes of their
 * UTF-8 encoding: `"a/\303\244.txt"` is `a/ä.txt`.
 */

const SIMPLE_ESCAPES: Record<string, number> = {
  a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, "\\": 92,
};

/** A quoted path whose closing quote never comes (as opposed to a bad escape inside it). */
export class UnterminatedQuoteError extends Error {
  override name = "UnterminatedQuoteError";
}

/**
 * Reads one quoted path starting at `text[start]` (which must be `"`).
 * Returns the decoded path and the index just after the closing quote.
 */
export function readQuotedPath(text: string, start: number): { path: string; end: number } {
  const bytes: number[] = [];
  let i = start + 1;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '"') {
      return { path: Buffer.from(bytes).toString("utf8"), end: i + 1 };
    }
    if (ch === "\\") {
      const next = text[i + 1] ?? "";
      const octal = /^[0-3][0-7]{2}/.exec(text.slice(i + 1, i + 4)); // one byte, as git writes it
      if (octal) {
        bytes.push(parseInt(octal[0], 8));
        i += 4;
        continue;
      }
      const code = SIMPLE_ESCAPES[next];
      if (code === undefined) throw new Error(`unknown escape \\${next} in quoted path ${text}`);
      bytes.push(code);
      i += 2;
      continue;
    }
    // Unescaped characters are ASCII in git's output, but keep any others intact.
    for (const b of Buffer.from(ch, "utf8")) bytes.push(b);
    i += 1;
  }
  throw new UnterminatedQuoteError(`unterminated quoted path: ${text}`);
}

/** A path from a `---`/`+++`/`rename from` line: quoted or plain, maybe with a tab-led timestamp. */
export function readHeaderPath(raw: string): string {
  if (raw.startsWith('"')) return readQuotedPath(raw, 0).path;
  // `diff -u` appends "\t<timestamp>"; git quotes any path that holds a tab, so this is safe.
  const tab = raw.indexOf("\t");
  return tab >= 0 ? raw.slice(0, tab) : raw;
}

/** `a/x` -> `x`; git's default prefixes. Paths from `--no-prefix` diffs are left alone. */
export function stripPrefix(path: string, prefix: "a/" | "b/"): string {
  return path.startsWith(prefix) ? path.slice(prefix.length) : path;
}

/**
 * The two paths of a `diff --git <old> <new>` line (prefixes kept). Unquoted paths may hold
 * spaces, so the split is ambiguous in general; when old and new are the same path (every
 * case where git gives no other header naming them) the line is symmetric and splits in two.
 */
export function splitDiffGitPaths(rest: string): { oldPath: string; newPath: string } {
  if (rest.startsWith('"')) {
    const first = readQuotedPath(rest, 0);
    const second = rest.slice(first.end + 1);
    return { oldPath: first.path, newPath: readHeaderPath(second) };
  }
  const quotedSecond = rest.indexOf(' "');
  if (quotedSecond >= 0) {
    return {
      oldPath: rest.slice(0, quotedSecond),
      newPath: readQuotedPath(rest, quotedSecond + 1).path,
    };
  }
  if (rest.length % 2 === 1) {
    const half = (rest.length - 1) / 2;
    const oldPath = rest.slice(0, half);
    const newPath = rest.slice(half + 1);
    if (rest[half] === " " && oldPath.slice(2) === newPath.slice(2)) return { oldPath, newPath };
  }
  const split = rest.indexOf(" b/");
  if (split >= 0) return { oldPath: rest.slice(0, split), newPath: rest.slice(split + 1) };
  const space = rest.indexOf(" ");
  return space >= 0
    ? { oldPath: rest.slice(0, space), newPath: rest.slice(space + 1) }
    : { oldPath: rest, newPath: rest };
}
