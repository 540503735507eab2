/**
 * The attributes that decide what the select stage skips, read from the text of a
 * repository's root `.gitattributes`: the two Linguist ones, and git's own `diff` (`-diff`,
 * or the `binary` macro, makes git show a file as binary; the select stage then trusts
 * that the base said so):
 *
 * ```gitattributes
 * *.pb.go            linguist-generated
 * api/client/**      linguist-generated=true
 * api/client/hand.ts -linguist-generated
 * third/**           linguist-vendored
 * ```
 *
 * We follow git's rules, so the bot skips what GitHub itself collapses as generated:
 * - the last line whose pattern matches a path decides, separately for each attribute;
 * - `attr` and `attr=<anything but "false">` set it (Linguist's reading); `-attr` and
 *   `attr=false` unset it, which overrides our own heuristics ("this is not generated");
 *   `!attr` makes it unspecified again, which leaves the decision to the heuristics;
 * - a pattern without a slash matches the file name at any depth; a pattern with a slash is
 *   anchored at the repository root (a leading slash is allowed); `*` stays within one
 *   folder, `**` crosses folders.
 *
 * Not supported, reported as warnings so a user can see why a line had no effect:
 * - negative patterns (`!pattern`): git itself rejects them in attributes files;
 * - patterns ending in `/`: in git they match only the folder, and attributes are not
 *   inherited by the files inside, so they never mark a file (write `folder/**`);
 * - macro definitions (`[attr]name ...`): a macro that expands to a Linguist attribute or
 *   to `-diff` is not expanded (git's built-in `binary` macro is read).
 * `.gitattributes` files in subfolders are not read; only the root file's text is parsed.
 */
import { readQuotedPath, UnterminatedQuoteError } from "./git-path.js";
import picomatch from "picomatch";

export const LINGUIST_ATTRIBUTES = ["linguist-generated", "linguist-vendored"] as const;
export type LinguistAttribute = (typeof LINGUIST_ATTRIBUTES)[number];

/** One `.gitattributes` line's say about one attribute. */
export interface AttributeRule {
  /** The pattern as written (unquoted when it was quoted). */
  pattern: string;
  /** true: set; false: unset (overrides heuristics); null: unspecified again (`!attr`). */
  value: boolean | null;
  /** 1-based line in `.gitattributes`, for messages that point the user at the line. */
  line: number;
}

export interface GitAttributesWarning {
  line: number;
  message: string;
}

export interface LinguistAttributes {
  /** Rules in file order; the last matching one decides. */
  generated: AttributeRule[];
  vendored: AttributeRule[];
  /** From `-diff` and `binary` (true), `diff` and `diff=<driver>` (false), `!diff` (null). */
  binary: AttributeRule[];
  warnings: GitAttributesWarning[];
}

export function emptyLinguistAttributes(): LinguistAttributes {
  return { generated: [], vendored: [], binary: [], warnings: [] };
}

export function parseGitAttributes(text: string): LinguistAttributes {
  const result = emptyLinguistAttributes();
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  lines.forEach((raw, index) => {
    const lineNo = index + 1;
    const line = raw.replace(/^[ \t]+/, "");
    if (line === "" || line.startsWith("#")) return;
    if (line.startsWith("[attr]")) {
      result.warnings.push({
        line: lineNo,
        message: "macro definitions ([attr]) are not expanded; set linguist-generated or linguist-vendored on the pattern itself",
      });
      return;
    }
    const split = splitPattern(line);
    if (split === null) {
      result.warnings.push({ line: lineNo, message: "unterminated quoted pattern; line ignored" });
      return;
    }
    const { pattern, rest } = split;
    const linguist = rest
      .split(/[ \t]+/)
      .filter((token) => token !== "")
      .map(readAttribute)
      .filter((entry) => entry !== null);
    if (linguist.length === 0) return;
    if (pattern.startsWith("!")) {
      result.warnings.push({
        line: lineNo,
        message: `negative pattern "${pattern}" is not allowed in .gitattributes (git ignores it too); use "-attribute" to unset an attribute, or "\\!" for a name that starts with "!"`,
      });
      return;
    }
    if (pattern.endsWith("/")) {
      result.warnings.push({
        line: lineNo,
        message: `pattern "${pattern}" matches only the folder, and git does not pass attributes on to the files inside; write "${pattern}**"`,
      });
      return;
    }
    for (const { name, value } of linguist) {
      const rule: AttributeRule = { pattern, value, line: lineNo };
      const rules = { "linguist-generated": result.generated, "linguist-vendored": result.vendored, binary: result.binary };
      rules[name].push(rule);
    }
  });
  return result;
}

/** For each attribute, the rule that decides a path, or null when none matches. */
export interface LinguistLookup {
  generated(path: string): AttributeRule | null;
  vendored(path: string): AttributeRule | null;
  binary(path: string): AttributeRule | null;
}

export function compileLinguistAttributes(attributes: LinguistAttributes): LinguistLookup {
  return {
    generated: compileRules(attributes.generated),
    vendored: compileRules(attributes.vendored),
    binary: compileRules(attributes.binary),
  };
}

/** Whether a git-attributes pattern matches a file path (forward slashes, no leading `/`). */
export function gitPatternMatcher(pattern: string): (path: string) => boolean {
  const anchored = pattern.includes("/");
  // `windows: false`: diff paths always use `/`, and picomatch would otherwise read the
  // platform, which the core must not depend on.
  const isMatch = picomatch(anchored ? pattern.replace(/^\/+/, "") : pattern, {
    dot: true,
    windows: false,
  });
  return anchored ? isMatch : (path) => isMatch(path.slice(path.lastIndexOf("/") + 1));
}

function compileRules(rules: readonly AttributeRule[]): (path: string) => AttributeRule | null {
  const compiled = rules.map((rule) => ({ rule, matches: gitPatternMatcher(rule.pattern) }));
  return (path) => {
    for (let i = compiled.length - 1; i >= 0; i--) {
      const entry = compiled[i]!;
      if (entry.matches(path)) return entry.rule;
    }
    return null;
  };
}

function readAttribute(token: string): { name: LinguistAttribute | "binary"; value: boolean | null } | null {
  // git's built-in macro: `binary` is `-diff -merge -text`.
  if (token === "binary") return { name: "binary", value: true };
  if (token === "-diff") return { name: "binary", value: true };
  if (token === "!diff") return { name: "binary", value: null };
  if (token === "diff" || token.startsWith("diff=")) return { name: "binary", value: false };
  let prefix = "";
  let body = token;
  if (token.startsWith("-") || token.startsWith("!")) {
    prefix = token[0]!;
    body = token.slice(1);
  }
  const eq = body.indexOf("=");
  const name = eq === -1 ? body : body.slice(0, eq);
  if (!isLinguistAttribute(name)) return null;
  if (prefix === "-") return { name, value: false };
  if (prefix === "!") return { name, value: null };
  if (eq === -1) return { name, value: true };
  // Linguist treats any value but "false" as set, so `=1` or `=yes` count too.
  return { name, value: body.slice(eq + 1) !== "false" };
}

function isLinguistAttribute(name: string): name is LinguistAttribute {
  return (LINGUIST_ATTRIBUTES as readonly string[]).includes(name);
}

/**
 * The pattern (git allows C-style quoting for names with spaces) and the rest of the line;
 * null when a quote is never closed. A quoted pattern git cannot unquote (an unknown
 * escape) is taken as written, as git does.
 */
function splitPattern(line: string): { pattern: string; rest: string } | null {
  if (line.startsWith('"')) {
    try {
      const { path, end } = readQuotedPath(line, 0);
      return { pattern: path, rest: line.slice(end) };
    } catch (error) {
      if (error instanceof UnterminatedQuoteError) return null;
    }
  }
  const end = line.search(/[ \t]/);
  return end === -1 ? { pattern: line, rest: "" } : { pattern: line.slice(0, end), rest: line.slice(end) };
}
