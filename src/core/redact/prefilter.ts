/**
 * The prefilter. Almost every line of a diff holds no secret, and running a few dozen
 * precise regexes over every line is what makes a naive scanner slow. So a line first
 * meets two cheap regexes that look only for what every detector needs literally: a token
 * prefix ("ghp_", "AKIA", "eyJ", "sk-", ...), a "user:password@" after "://", the PEM label,
 * or a secret-like name right before an assignment. Only lines that pass (about 1% of
 * ordinary code) meet the detectors. Each detector must require one of these fragments;
 * the tests check that the prefilter never hides a line a detector would catch.
 *
 * Speed is in how V8 scans. A regex whose alternatives all start with a rare character
 * skips along the text; an alternation that also holds words starting with common letters
 * (the keywords) is tried alternative by alternative at every position, and an anchored
 * alternative (`^...`) inside an alternation costs as much as a regex of its own. One regex
 * of everything cost about twice what these two cost, the names and the tokens. So token
 * fragments are matched from their rarest character (`-`, `_`, `A`, `J`, `V`, `@`, `~`)
 * with a look-behind for the rest, and what must start a line is a look-behind from a
 * keyword or a port. The keywords are spelled in [xX] classes rather than with the `i`
 * flag, which would also turn "A" into "[aA]" (and Node 20 has no `(?i:...)` groups).
 */
import { NAME_KEYWORDS, NAME_REST, SPACED_KEYWORDS } from "./names.js";

export const KEY_LABEL = "PRIVATE KEY";

const anyCase = (pattern: string) => pattern.replace(/[a-z]/g, (c) => `[${c}${c.toUpperCase()}]`);

const TOKEN_FRAGMENTS = [
  // sk-, sk-ant-, glpat-, xoxb-, pypi-, PMAK-, NRAK-, AGE-SECRET-KEY-, key- (Mailgun), django-insecure-
  String.raw`-(?<=(?:sk|gl(?:pat|dt|rt|ptt)|xox[abposr]|pypi|PMAK|NRAK|AGE-SECRET-KEY|key|insecure)-)`,
  // ghp_, github_pat_, sk_live_, whsec_, npm_, hf_, shpat_, dop_v1_, glsa_, glc_, lin_api_, dckr_pat_, sqp_, rubygems_
  String.raw`_(?<=(?:gh[pousr]|github_pat|[sr]k_(?:live|test)|whsec|npm|hf|shp(?:at|ca|pa|ss)|do[por]_v1|glsa|glc|lin_api|dckr_pat|sq[pua]|rubygems)_)`,
  // AKIA, ASIA, AIza, a Telegram bot token's ":AA"
  String.raw`A(?:[KS]IA|Iza|(?<=\d:A)A|(?<=:A)PA91b)`,
  "J(?<=eyJ)",
  "V(?<=PRIV)ATE KEY",
  // user:password@ or token@ after a scheme
  String.raw`@(?<=:\/\/[^\s/@]*@)`,
  // SendGrid's SG., Vault's hvs., Slack and Discord webhooks
  String.raw`\.(?<=SG\.|hvs\.|hooks\.slack\.|discord(?:app)?\.|[MNO][A-Za-z\d]{23,25}\.)`,
  // Bundler's credentials for a gem source, command-line passwords and users
  String.raw`_(?<=BUNDLE_)`,
  String.raw`-(?<=\s-)(?:[pu]|-pass|-user)`,
  // a credential after an HTTP auth scheme
  String.raw`(?:[bB]earer|[bB]asic)[ \t]+[A-Za-z0-9]`,
  // Azure AD client secrets: "...8Q~..."
  String.raw`~(?<=\dQ~)`,
  // Twilio SK..., Databricks dapi...
  String.raw`K(?<=SK)[0-9a-fA-F]{32}`,
  "dapi[a-h0-9]{32}",
  // an Azure SAS signature
  String.raw`=(?<=[?&;]sig=)`,
  // <key>...</key>
  String.raw`>(?<=<[kK][eE][yY]>)`,
].join("|");

const SECRET_NAME = String.raw`(?:${anyCase(NAME_KEYWORDS)})${NAME_REST}["'\x60]?[\])]{0,2}`;

/**
 * Shapes with no secret-like name right before an operator, each starting from a rare
 * character: a one-line .netrc (`machine host login bot password X`), Go's MySQL DSN
 * (`root:X@tcp(127.0.0.1:3306)/app`, no scheme), and a literal fallback after a
 * secret-named variable (`process.env.API_KEY || "..."`, `os.getenv("TOKEN") or "..."`).
 */
const NAMELESS_FRAGMENTS = [
  String.raw`d(?<=[ \t]pass(?:wor)?d)[ \t]+[^\s]`,
  String.raw`@(?:tcp|unix|udp)\(`,
  String.raw`\|(?<=${SECRET_NAME}\s*\|)\|`,
  String.raw`[\])][ \t]+or[ \t]+["'](?<=${SECRET_NAME}[ \t]+or[ \t]+["'])`,
].join("|");

/**
 * The two regexes, for lines that start where `lineStart` matches: a secret-like word
 * followed by the rest of the name, a closing quote or bracket, an operator (or an XML
 * element's end, or the `value=` of a `key="..." value="..."` pair), or, at a line's
 * start, a settings line's name and value apart by spaces (`requirepass ...`); and the
 * token fragments, or a .pgpass line (`host:port:database:user:password`). What must start
 * a line is a look-behind from the keyword or the port, not an anchored alternative: one
 * of those in an alternation costs as much as a regex of its own.
 */
function prefilterSources(lineStart: string): [names: string, tokens: string] {
  const names =
    String.raw`(?:${anyCase(NAME_KEYWORDS)})(?:${NAME_REST}(?:["'\x60]?\]?\s*[?:=,!>(]|["']\s+value=)` +
    String.raw`|(?<=${lineStart}[\w.-]*(?:${anyCase(SPACED_KEYWORDS)}))[\w.-]*[ \t]+[^\s])` +
    // A crates.io token: its prefix starts with a common letter, like the keywords, and
    // costs less among them than among the token fragments.
    "|cio[a-zA-Z0-9]{32}";
  const pgpass = String.raw`:(?:\d{1,5}|\*):(?<=${lineStart}[^\s:#][^\s:]*:(?:\d{1,5}|\*):)[^\s:]+:[^\s:]+:[^\s:]`;
  return [names, `${TOKEN_FRAGMENTS}|${pgpass}|${NAMELESS_FRAGMENTS}`];
}

const [NAMES, TOKENS] = prefilterSources(String.raw`^[ \t]*`).map((source) => new RegExp(source));

export function mayContainSecret(text: string): boolean {
  return NAMES!.test(text) || TOKENS!.test(text);
}

/**
 * The same, to find candidate lines in a whole hunk text at once (`+` and ` ` lines; a
 * match may begin at the newline before its line). It also stops at a line that may be
 * the body of a private key (64 or 70 base64 characters), which only the line-by-line
 * reading can judge.
 */
const PREFILTERS_GLOBAL = (() => {
  const [names, tokens] = prefilterSources(String.raw`\n[+ ][ \t]*`);
  const keyBody = String.raw`\n[+ ][ \t]*["'\x60]?[A-Za-z0-9+/]{64}`;
  return [new RegExp(names, "g"), new RegExp(`${keyBody}|${tokens}`, "g")];
})();

/**
 * The starts of the lines of `body` (unparsed hunk text) in which a prefilter matches, in
 * increasing order. Each regex reads the text once, and a line is read no further once
 * it has matched in it.
 */
export function candidateLineStarts(body: string): number[] {
  const starts: number[] = [];
  for (const re of PREFILTERS_GLOBAL) {
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(body))) {
      const at = body.charCodeAt(m.index) === NEWLINE ? m.index + 1 : m.index;
      starts.push(body.lastIndexOf("\n", at) + 1);
      const end = body.indexOf("\n", at);
      if (end < 0) break;
      // From the newline, not past it: a match may begin there (a key body line).
      re.lastIndex = end;
    }
  }
  if (starts.length < 2) return starts;
  starts.sort((a, b) => a - b);
  return starts.filter((start, i) => i === 0 || start !== starts[i - 1]);
}

const NEWLINE = 10;
