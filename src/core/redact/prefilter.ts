/**
 * The prefilter. Almost every line of a diff holds no secret, and running a few dozen
 * precise regexes over every line is what makes a naive scanner slow. So a line first
 * meets one regex that looks only for what every detector needs literally: a token prefix
 * ("ghp_", "AKIA", "eyJ", "sk-", ...), a "user:password@" after "://", the PEM label, or a
 * secret-like name right before an assignment. Only lines that pass (about 1% of ordinary
 * code) meet the detectors. Each detector must require one of these fragments; the tests
 * check that the prefilter never hides a line a detector would catch.
 *
 * The fragments are matched from their rarest character (`-`, `_`, `A`, `J`, `V`, `@`, `~`)
 * with a look-behind for the rest: an alternative that starts with a common letter makes V8
 * try it at almost every position, which doubles the cost. The keywords cannot avoid common
 * letters; they are spelled in [xX] classes rather than with the `i` flag, which would also
 * turn "A" into "[aA]" (and Node 20 has no `(?i:...)` groups).
 */
import { NAME_KEYWORDS, NAME_REST, SPACED_KEYWORDS } from "./names.js";

export const KEY_LABEL = "PRIVATE KEY";

const anyCase = (pattern: string) => pattern.replace(/[a-z]/g, (c) => `[${c}${c.toUpperCase()}]`);

const FRAGMENTS = [
  // sk-, sk-ant-, glpat-, xoxb-, pypi-, PMAK-, NRAK-, AGE-SECRET-KEY-, key- (Mailgun)
  String.raw`-(?<=(?:sk|gl(?:pat|dt|rt|ptt)|xox[abposr]|pypi|PMAK|NRAK|AGE-SECRET-KEY|key)-)`,
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
  // a secret-like word, the rest of the name, a closing quote or bracket, an operator (or
  // an XML element's end, or the `value=` of a `key="..." value="..."` pair)
  String.raw`(?:${anyCase(NAME_KEYWORDS)})${NAME_REST}(?:["'\x60]?\]?\s*[?:=,!>(]|["']\s+value=)`,
];

/** A settings line that is a name and a value apart by spaces: `requirepass ...`, `password ...`. */
const SPACED = String.raw`[\w.-]*(?:${anyCase(SPACED_KEYWORDS)})[\w.-]*[ \t]+[^\s]`;

/** A .pgpass line: `host:port:database:user:password`. */
const PGPASS = String.raw`[^\s:#][^\s:]*:(?:\d{1,5}|\*):[^\s:]+:[^\s:]+:[^\s:]`;

const PREFILTER = new RegExp([...FRAGMENTS, String.raw`^[ \t]*${SPACED}`, String.raw`^[ \t]*${PGPASS}`].join("|"));

/**
 * The same, to find candidate lines in a whole hunk text at once; it also stops at a line
 * that may be the body of a private key (64 or 70 base64 characters), which only the
 * line-by-line reading can judge.
 */
export const PREFILTER_GLOBAL = new RegExp(
  [...FRAGMENTS, String.raw`\n[+ ][ \t]*${SPACED}`, String.raw`\n[+ ][ \t]*${PGPASS}`, String.raw`\n[+ ][ \t]*["'\x60]?[A-Za-z0-9+/]{64}`].join("|"),
  "g",
);

export function mayContainSecret(text: string): boolean {
  return PREFILTER.test(text);
}
