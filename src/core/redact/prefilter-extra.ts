/**
 * Prefilter fragments for shapes that hold no secret-like name before an operator, kept
 * apart from prefilter.ts while that file is rewritten for speed; they belong in its
 * FRAGMENTS list once both land. Each starts from a rare character, as there.
 * - `machine host login bot password X`: a one-line .netrc (the name is not at the line's start);
 * - `root:X@tcp(127.0.0.1:3306)/app`: Go's MySQL DSN, which has no scheme;
 * - `process.env.API_KEY || "..."`, `os.getenv("TOKEN") or "..."`: a literal fallback.
 */
import { NAME_KEYWORDS, NAME_REST } from "./names.js";
import { mayContainSecret as mayContainSecretBase, PREFILTER_GLOBAL as PREFILTER_GLOBAL_BASE } from "./prefilter.js";

const anyCase = (pattern: string) => pattern.replace(/[a-z]/g, (c) => `[${c}${c.toUpperCase()}]`);
const SECRET_NAME = String.raw`(?:${anyCase(NAME_KEYWORDS)})${NAME_REST}["'\x60]?[\])]{0,2}`;

export const EXTRA_FRAGMENTS = [
  String.raw`d(?<=[ \t]pass(?:wor)?d)[ \t]+[^\s]`,
  String.raw`@(?:tcp|unix|udp)\(`,
  String.raw`\|(?<=${SECRET_NAME}\s*\|)\|`,
  String.raw`[\])][ \t]+or[ \t]+["'](?<=${SECRET_NAME}[ \t]+or[ \t]+["'])`,
];

const EXTRA = new RegExp(EXTRA_FRAGMENTS.join("|"));

/** prefilter.ts's test, and the fragments above. */
export function mayContainSecret(text: string): boolean {
  return mayContainSecretBase(text) || EXTRA.test(text);
}

/** prefilter.ts's whole-text prefilter, and the fragments above. */
export const PREFILTER_GLOBAL = new RegExp(`${PREFILTER_GLOBAL_BASE.source}|${EXTRA_FRAGMENTS.join("|")}`, "g");
