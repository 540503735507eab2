/**
 * Detectors for secrets that fit on one line: token formats their issuers publish (the
 * rule list of gitleaks is the reference), a password in a URL, a value assigned to a
 * secret-like name, credentials in HTTP headers, keys in connection strings.
 */
import type { Flavour } from "./file-flavour.js";
import { isWordy } from "./is-wordy.js";
import { judgeAssignment } from "./judge-assignment.js";
import type { SecretKind } from "./kinds.js";
import { NAME_KEYWORDS, NAME_REST, nameClass } from "./names.js";
import { mayContainSecret } from "./prefilter.js";
import { addSpan, type Span } from "./spans.js";
import {
  isHumanPassword,
  isPlaceholder,
  isPlaceholderPassword,
  isSettingsPassword,
  isTokenShaped,
  looksRandom,
  shannonEntropy,
} from "./values.js";

type Located = readonly [start: number, end: number, kind?: SecretKind];

interface Detector {
  kind: SecretKind;
  /** With indices; global (every match is a candidate), or sticky when `starts` is given. */
  re: RegExp;
  /** The secret's [start, end) in the line (and its kind, if not the detector's), or null. */
  locate: (m: RegExpExecArray, line: string, flavour: Flavour) => Located | null;
  /**
   * Where a match may start, when trying `re` (then sticky) at every position would cost
   * too much; long minified lines are where that shows.
   */
  starts?: (text: string) => number[];
  /** Whether `re` may match at all, when it is costly to try on a line that cannot hold it. */
  when?: (text: string) => boolean;
}

/** The whole match, unless it is a documented example ("AKIAIOSFODNN7EXAMPLE"). */
const whole =
  (accept: (secret: string) => boolean = () => true) =>
  (m: RegExpExecArray): Located | null =>
    accept(m[0]) && !isPlaceholder(m[0]) ? [m.index, m.index + m[0].length] : null;

/** The first capture group among `groups` that took part; `accept` sees its text and the match. */
const group =
  (groups: number[], accept: (secret: string, m: RegExpExecArray) => boolean = () => true) =>
  (m: RegExpExecArray): Located | null => {
    for (const g of groups) {
      const at = m.indices?.[g];
      if (at) return accept(m[g]!, m) ? at : null;
    }
    return null;
  };

const T = "A-Za-z0-9_-";
/** A token format: the body, kept apart from neighbouring token characters. */
const token = (body: string) => new RegExp(String.raw`(?<![${T}])(?:${body})(?![${T}])`, "dg");

/** Formats whose prefix alone says what they are. */
const SERVICE_TOKENS = [
  String.raw`hf_[A-Za-z]{34}`, // Hugging Face
  String.raw`shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}`, // Shopify
  String.raw`do[por]_v1_[a-f0-9]{64}`, // DigitalOcean
  String.raw`dapi[a-h0-9]{32}`, // Databricks
  String.raw`hvs\.[${T}]{24,}`, // HashiCorp Vault
  String.raw`glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}`, // Grafana service account
  String.raw`glc_[A-Za-z0-9+/]{32,}={0,2}`, // Grafana Cloud
  String.raw`lin_api_[A-Za-z0-9]{40}`, // Linear
  String.raw`PMAK-[a-f0-9]{24}-[a-f0-9]{34}`, // Postman
  String.raw`NRAK-[A-Z0-9]{27}`, // New Relic
  String.raw`\d{8,10}:AA[${T}]{33}`, // Telegram bot
  String.raw`sq[pua]_[a-f0-9]{40}`, // SonarQube
  String.raw`rubygems_[a-f0-9]{48}`, // RubyGems
  String.raw`dckr_pat_[${T}]{27}`, // Docker Hub
  String.raw`AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}`, // age
  String.raw`SK[0-9a-fA-F]{32}`, // Twilio
  String.raw`key-[0-9a-f]{32}`, // Mailgun
  String.raw`cio[a-zA-Z0-9]{32}`, // crates.io
].join("|");

const AWS_KEY_ID = /A[KS]IA[A-Z0-9]{16}/;

const NAME_BEFORE_OPERATOR = new RegExp(String.raw`(?:${NAME_KEYWORDS})${NAME_REST}["'\x60]?\]?\s*[?:=,!(]`, "gi");

/** `[\w$.-]` */
const isNameChar = (c: number) =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36 || c === 46 || c === 45;
const isQuote = (c: number) => c === 34 || c === 39 || c === 96;

/** The starts (opening quote, else first character) of names that hold a secret-like word. */
function nameStarts(text: string): number[] {
  const starts: number[] = [];
  NAME_BEFORE_OPERATOR.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = NAME_BEFORE_OPERATOR.exec(text))) {
    let start = m.index;
    while (start > 0 && isNameChar(text.charCodeAt(start - 1))) start--;
    if (start === starts.at(-1)) continue;
    if (start > 0 && isQuote(text.charCodeAt(start - 1))) starts.push(start - 1);
    starts.push(start);
  }
  return starts;
}

/** The value of an assignment the judge accepts, with the kind it gave. */
const judged =
  (name: string, value: string, at: readonly [number, number], rest: { quoted: boolean; nameQuoted: boolean; optional?: boolean; operator: string; nameAt: number }) =>
  (line: string, flavour: Flavour): Located | null => {
    const kind = judgeAssignment(
      { name, value, quoted: rest.quoted, nameQuoted: rest.nameQuoted, optional: rest.optional ?? false, operator: rest.operator, before: line.slice(0, rest.nameAt), line },
      flavour,
    );
    return kind ? [at[0], at[1], kind] : null;
  };

// Order matters: where two detectors claim overlapping text, the earlier one wins, so the
// precise token formats come before the shape-based rules.
const DETECTORS: Detector[] = [
  { kind: "anthropic-key", re: new RegExp(String.raw`(?<![${T}])sk-ant-[${T}]{20,}`, "dg"), locate: whole() },
  {
    kind: "openai-key",
    re: new RegExp(String.raw`(?<![${T}])sk-(?:proj-|svcacct-|admin-)?([${T}]{20,})(?![${T}])`, "dg"),
    // Unlike most prefixes, "sk-" also starts kebab-case names: require a random-looking body.
    locate: (m) => (looksRandom(m[1]!, 3.5) ? [m.index, m.index + m[0].length] : null),
  },
  {
    kind: "stripe-key",
    re: /(?<![A-Za-z0-9_])(?:(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}|whsec_[A-Za-z0-9]{24,})(?![A-Za-z0-9_])/dg,
    locate: whole(),
  },
  {
    kind: "github-token",
    re: /(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})(?![A-Za-z0-9_])/dg,
    locate: whole(),
  },
  {
    kind: "gitlab-token",
    re: new RegExp(String.raw`(?<![${T}])gl(?:pat|dt|rt|ptt)-[${T}]{20,}(?:\.[${T}]+)*`, "dg"),
    locate: whole(),
  },
  {
    kind: "slack-token",
    re: new RegExp(String.raw`(?<![${T}])xox[abposr]-[A-Za-z0-9-]{10,}`, "dg"),
    locate: whole((t) => /\d/.test(t)),
  },
  {
    kind: "slack-webhook",
    re: /hooks\.slack\.com\/services\/(T[A-Z0-9]{8,}\/B[A-Z0-9]{8,}\/[A-Za-z0-9]{20,})/dg,
    locate: group([1], (path) => !isPlaceholder(path)),
  },
  {
    kind: "discord-webhook",
    re: new RegExp(String.raw`discord(?:app)?\.com\/api\/webhooks\/\d+\/([${T}]{60,})`, "dg"),
    locate: group([1]),
  },
  { kind: "google-api-key", re: token(String.raw`AIza[${T}]{35}`), locate: whole() },
  // SG.<22>.<43>: the shape alone is specific enough, as a prefix is for the tokens above.
  { kind: "sendgrid-key", re: token(String.raw`SG\.[${T}]{22}\.[${T}]{43}`), locate: whole() },
  { kind: "npm-token", re: token("npm_[A-Za-z0-9]{36}"), locate: whole() },
  { kind: "pypi-token", re: token(String.raw`pypi-AgEIcHlwaS5vcmc[${T}]{50,}`), locate: whole() },
  {
    kind: "service-token",
    re: token(SERVICE_TOKENS),
    // A name spelled in the shape is made of words; a token has digits, both cases, or no words.
    locate: whole((t) => /\d/.test(t) || t.startsWith("hf_") || (/[a-z]/.test(t) && /[A-Z]/.test(t)) || !isWordy(t)),
  },
  {
    kind: "azure-client-secret",
    re: /(?<![\w~.-])[\w~.]{3}\dQ~[\w~.-]{31,34}(?![\w~.-])/dg,
    locate: whole(),
  },
  { kind: "aws-access-key-id", re: /(?<![A-Za-z0-9])A[KS]IA[A-Z0-9]{16}(?![A-Za-z0-9])/dg, locate: whole() },
  {
    kind: "aws-secret-access-key",
    re: new RegExp(
      String.raw`(?<![A-Za-z0-9])(?:aws[_-]?)?secret[_-]?(?:access[_-]?)?key["'\x60]?\s*(?:=>|:=|[:=])` +
        String.raw`\s*["'\x60]?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])`,
      "dgi",
    ),
    locate: group([1], (key) => looksRandom(key, 3.5) && !isPlaceholder(key)),
  },
  {
    kind: "aws-secret-access-key",
    // The secret next to its key ID, as SDK calls take them: `create("AKIA...", "...")`.
    re: /(?<=A[KS]IA[A-Z0-9]{16}.{0,200}?)["'`]([A-Za-z0-9/+]{40})["'`]/dg,
    // The look-behind reads back 200 characters from every quote: only where a key ID is.
    when: (text) => AWS_KEY_ID.test(text),
    locate: group([1], (key) => looksRandom(key, 3.5) && !isPlaceholder(key)),
  },
  { kind: "service-token", re: token(String.raw`[MNO][A-Za-z\d]{23,25}\.[${T}]{6}\.[${T}]{27,38}`), locate: whole((t) => looksRandom(t.split(".")[0]!, 3)) },
  { kind: "service-token", re: token(String.raw`AAAA[${T}]{7}:APA91b[${T}]{100,}`), locate: whole() },
  {
    kind: "service-token",
    // Django's generated SECRET_KEY: its signs may read as a format string ("%25d"), and
    // its class of characters holds no placeholder, so the prefix alone decides.
    re: /(?<![\w-])django-insecure-[a-z0-9!@#$%^&*(\-_=+)]{50}(?![\w!@#$%^&*(=+)-])/dg,
    locate: (m) => [m.index, m.index + m[0].length],
  },
  {
    kind: "azure-storage-key",
    // A storage account's or a Service Bus namespace's key in a connection string.
    re: /(?:AccountKey|SharedAccessKey)\s*=\s*([A-Za-z0-9+/]{20,}={0,2})/dgi,
    locate: group([1], (key) => looksRandom(key, 3.5) && !isPlaceholder(key)),
  },
  {
    kind: "azure-sas-token",
    re: /[?&;]sig=([A-Za-z0-9%+/=_-]{20,})/dg,
    locate: group([1], (sig) => looksRandom(decodeURIComponentSafe(sig), 3.5) && !isPlaceholder(sig)),
  },
  {
    kind: "jwt",
    re: new RegExp(String.raw`(?<![${T}])eyJ[${T}]{10,}\.eyJ[${T}]{10,}\.[${T}]*`, "dg"),
    locate: whole(),
  },
  {
    kind: "url-password",
    // scheme://user:password@host: only the password goes; the rest stays readable.
    re: /(?<=[A-Za-z0-9]):\/\/([^\s:@/?#"'`]*):([^\s@/?#"'`]+)@([^\s@/?#"'`:]+)/dg,
    locate: group([2], (password, m) => !isPlaceholderPassword(password, m[1]!, m[3]!)),
  },
  {
    kind: "url-password",
    // scheme://TOKEN@host: a token as the user name, as Git remotes and pip indexes take it.
    re: /(?<=[A-Za-z0-9]):\/\/([A-Za-z0-9_-]{20,})@[^\s@/?#"'`:]+/dg,
    locate: group([1], (user) => looksRandom(user, 3.5) && !isPlaceholder(user)),
  },
  {
    kind: "assigned-secret",
    // WordPress's keys and salts in wp-config.php: 64 printable characters, quotes and
    // backslashes escaped, which the generic rule's quoted value does not take.
    re: /define\(\s*(["'])(?:SECURE_)?(?:AUTH|LOGGED_IN|NONCE)_(?:KEY|SALT)\1\s*,\s*(?:'(?<v1>(?:[^'\\\n]|\\.){32,512})'|"(?<v2>(?:[^"\\\n]|\\.){32,512})")\s*\)/dg,
    locate: (m) => {
      const value = m.groups!.v1 ?? m.groups!.v2!;
      // The sample file's "put your unique phrase here" has spaces; generated salts none.
      return !/\s/.test(value) && shannonEntropy(value) >= 4 ? m.indices!.groups![m.groups!.v1 !== undefined ? "v1" : "v2"]! : null;
    },
  },
  {
    kind: "assigned-secret",
    // A literal fallback after an environment variable of a secret's name:
    // `process.env.API_KEY || "..."`, `os.getenv("DB_PASSWORD") or "..."`,
    // `os.environ.get("TOKEN", "...")`, `ENV.fetch("SECRET", "...")`.
    re: /(?:process\.env\.|(?:process\.env|os\.environ|ENV|\$_ENV|\$_SERVER)\[\s*["']|(?:getenv|environ\.get|ENV\.fetch|\benv)\(\s*["'])(?<name>[A-Za-z_]\w{0,64})(?<close>["']?\s*[\])]?)\s*(?<op>\?\?|\|\||\bor\b|,)\s*(?<q>["'\x60])(?<value>[^\s"'\x60\\]{8,512})\k<q>/dg,
    locate: (m) => {
      const { name, close, op, value } = m.groups as Record<string, string>;
      // Only a call takes a default after a comma; elsewhere it is the next argument.
      const read = m[0].slice(0, m.indices!.groups!.name![0] - m.index);
      if (op === "," && (!read.includes("(") || /[\])]/.test(close!))) return null;
      if (nameClass(name!) === null || isPlaceholder(value!)) return null;
      return looksRandom(value!, 3) ? m.indices!.groups!.value! : null;
    },
  },
  {
    kind: "assigned-secret",
    // A settings line that is a password's or a secret's name and a value up to the line's
    // end: a password manager's value holds signs (`[`, `(`, `&`) that end the generic
    // rule's bare value.
    re: /^[ \t]*(?:export[ \t]+|-[ \t]+)?(?<name>[A-Za-z_][\w.-]{0,64})[ \t]*[=:][ \t]*(?<q>["']?)(?<value>[^\s]{12,512}?)\k<q>[ \t]*$/dg,
    locate: (m, _line, flavour) => {
      if (flavour !== "settings") return null;
      const cls = nameClass(m.groups!.name!);
      return (cls === "password" || cls === "secret") && isSettingsPassword(m.groups!.value!) ? m.indices!.groups!.value! : null;
    },
  },
  {
    kind: "assigned-secret",
    re: new RegExp(
      // A name holding a secret-like word (`starts` finds those), maybe quoted (JSON, dict
      // keys); taken whole, as an atomic group would, so a failed match does not backtrack
      // through it...
      String.raw`(?<![\w$.-])(?<nq>["'\x60]?)(?=(?<name>[\w$.-]+))\k<name>\k<nq>\]?` +
        // ...maybe optional (TS) or annotated (Python "password: str", Rust "TOKEN: &str"),
        // the type apart from the `=` by a space, unlike a YAML value ("Password: nHh=CTC"),...
        String.raw`\s*(?<opt>\?)?\s*(?::\s*&?(?:'\w+\s+)?[A-Za-z_][\w.:]*(?:\[\])?\s+(?==))?` +
        // ...an assignment, a comparison, a comma between two quoted strings, a setter call...
        String.raw`(?<op>===?|!==?|:=|=>|=|:|,|\()\s*` +
        // ...and a quoted value (maybe after an auth scheme) or a bare one up to a delimiter
        // (a closing quote too: `-H "X-API-Key: ..."` in a shell script).
        String.raw`(?:(?<vq>["'\x60])(?:(?:bearer|basic|token)\s+)?(?<quoted>[^\s"'\x60\\]{8,512})\k<vq>` +
        String.raw`|(?<bare>[^\s"'\x60,;&(){}\[\]<>]{8,512})(?=$|[\s,;&)}\]"'\x60]))`,
      "dyi",
    ),
    starts: nameStarts,
    locate: (m, line, flavour) => {
      const g = m.groups!;
      const quoted = g.quoted !== undefined;
      if (g.op === "(" && !quoted) return null;
      const at = m.indices!.groups![quoted ? "quoted" : "bare"]!;
      return judged(g.name!, quoted ? g.quoted! : g.bare!, at, {
        quoted,
        nameQuoted: g.nq !== "",
        optional: g.opt !== undefined,
        operator: g.op!,
        nameAt: m.index + g.nq!.length,
      })(line, flavour);
    },
  },
  {
    kind: "assigned-secret",
    // <password>...</password> (Maven settings.xml, app configs)
    re: /<(?<name>[A-Za-z_][\w.:-]{0,64})>(?<value>[^<>\s]{1,512})<\/\k<name>>/dg,
    locate: (m, line, flavour) => {
      const { name, value } = m.groups as { name: string; value: string };
      const at = m.indices!.groups!.value!;
      // A bare <key> holds a license or an encryption key when its value is a long random
      // run; a property list's <key> holds a name.
      if (/^key$/i.test(name)) return value.length >= 32 && isTokenShaped(value) && looksRandom(value, 4) ? at : null;
      return judged(name, value, at, { quoted: true, nameQuoted: false, operator: ">", nameAt: m.index + 1 })(line, flavour);
    },
  },
  {
    kind: "assigned-secret",
    // A .pgpass line, `host:port:database:user:password`: the whole line, the port a number.
    re: /^[ \t]*[^\s:#][^\s:]*:(?:\d{1,5}|\*):[^\s:]+:[^\s:]+:(?<value>(?:[^\s:\\]|\\.){8,512})[ \t]*$/dg,
    locate: (m) => {
      const value = m.groups!.value!;
      return !isPlaceholder(value) && (isHumanPassword(value) || looksRandom(value, 3)) ? m.indices!.groups!.value! : null;
    },
  },
  {
    kind: "assigned-secret",
    // <add key="ClearTextPassword" value="..." /> (NuGet.config, .NET appSettings)
    re: /\bkey\s*=\s*"(?<name>[^"]{1,64})"\s+value\s*=\s*"(?<value>[^"\s]{1,512})"/dgi,
    locate: (m, line, flavour) =>
      judged(m.groups!.name!, m.groups!.value!, m.indices!.groups!.value!, {
        quoted: true,
        nameQuoted: true,
        operator: "=",
        nameAt: m.indices!.groups!.name![0],
      })(line, flavour),
  },
  {
    kind: "assigned-secret",
    // { "key": "token", "value": "..." } (Postman collections, key-value lists)
    re: /"key"\s*:\s*"(?<name>[^"]{1,64})"\s*,\s*"value"\s*:\s*"(?<value>[^"\s]{1,512})"/dg,
    locate: (m, line, flavour) =>
      judged(m.groups!.name!, m.groups!.value!, m.indices!.groups!.value!, {
        quoted: true,
        nameQuoted: true,
        operator: ":",
        nameAt: m.indices!.groups!.name![0],
      })(line, flavour),
  },
  {
    kind: "assigned-secret",
    // `requirepass ...`, `password ...` (redis.conf, .netrc), `storePassword "..."` (Gradle):
    // a name and a value apart by spaces.
    re: /^[ \t]*(?<name>[\w.-]*(?:pass|secret|token)[\w.-]*)[ \t]+(?<q>["']?)(?<value>[^\s"']{6,512})\k<q>[ \t]*$/dgi,
    locate: (m, line, flavour) =>
      flavour === "code" && !m.groups!.q
        ? null
        : judged(m.groups!.name!, m.groups!.value!, m.indices!.groups!.value!, {
            quoted: m.groups!.q !== "",
            nameQuoted: false,
            operator: " ",
            nameAt: m.indices!.groups!.name![0],
          })(line, flavour),
  },
  {
    kind: "assigned-secret",
    // Passwords on command lines: `mysql -pSECRET`, `docker login -p SECRET`, `--password SECRET`.
    re: /(?<=\s)(?:--pass(?:word|wd)?|-p)(?:=|[ \t]+|(?=[^\s-]))(["']?)(?<value>[^\s'"]{6,512})\1/dg,
    locate: (m, line) => {
      if (m[0].startsWith("-p") && !PASSWORD_FLAG_COMMANDS.test(line)) return null;
      const value = m.groups!.value!;
      return !isPlaceholder(value) && !/^-/.test(value) && (isHumanPassword(value) || looksRandom(value, 3)) ? m.indices!.groups!.value! : null;
    },
  },
  {
    kind: "assigned-secret",
    // `curl -u user:password`, `--user user:password`
    re: /(?<=\s)(?:-u|--user)[ \t=]+(["']?)[^\s:'"]+:(?<value>[^\s'"]{3,512})\1/dg,
    locate: (m) => {
      const value = m.groups!.value!;
      return !isPlaceholder(value) && value.length >= 6 ? m.indices!.groups!.value! : null;
    },
  },
  {
    kind: "assigned-secret",
    // Bundler's credentials for a gem source: BUNDLE_GEMS__EXAMPLE__COM: "user:password"
    re: /BUNDLE_[A-Z0-9_]*__[A-Z0-9_]+["']?\s*[:=]\s*["']?(?<value>[^\s"']{8,512})/dg,
    locate: (m) => (isPlaceholder(m.groups!.value!) ? null : m.indices!.groups!.value!),
  },
  {
    kind: "assigned-secret",
    // A one-line .netrc entry: `machine api.example.com login bot password ...`.
    re: /(?:^|[ \t])(?:machine[ \t]+\S+|default)(?:[ \t]+(?:login|account|port)[ \t]+\S+)*[ \t]+password[ \t]+(?<value>\S{6,512})/dg,
    locate: (m) => {
      const value = m.groups!.value!;
      return !isPlaceholder(value) && (isHumanPassword(value) || looksRandom(value, 3)) ? m.indices!.groups!.value! : null;
    },
  },
  {
    kind: "url-password",
    // Go's MySQL DSN, which has no scheme: `user:password@tcp(host:port)/db`.
    re: /(?<![^\s"'\x60=])(?<user>[^\s:@/"'\x60()]+):(?<value>[^\s@"'\x60]{1,512})@(?:tcp|unix|udp)\((?<host>[^)\s]*)\)/dg,
    locate: (m) => (isPlaceholderPassword(m.groups!.value!, m.groups!.user!, m.groups!.host!.replace(/:\d+$/, "")) ? null : m.indices!.groups!.value!),
  },
  {
    kind: "auth-header",
    // new AuthenticationHeaderValue("Bearer", "...") (.NET)
    re: /AuthenticationHeaderValue\(\s*"\w+"\s*,\s*"([^"\s]{16,512})"/dg,
    locate: group([1], (credential) => !isPlaceholder(credential) && looksRandom(credential, 3)),
  },
  {
    kind: "auth-header",
    // `Authorization: Bearer <credential>` with the credential bare (a header or .http file,
    // a YAML value, a curl -H argument): the scheme word keeps assigned-secret from seeing
    // a value at all. Only the credential goes, so the line still says what it is. A quoted
    // "Bearer ..." value is assigned-secret's, which comes first and keeps its kind.
    re: /(?<![\w-])(?:proxy-)?authorization["'`]?(?:\s*[:=]\s*|[ \t]+(?=["'`]))["'`]?[a-z][\w-]*[ \t]+([^\s"'`\\,;]{1,512})/dgi,
    // Issued credentials are long; the short random-looking ones ("abc123def456") are what
    // documentation shows.
    locate: group(
      [1],
      (credential) => credential.length >= 16 && !isPlaceholder(credential) && looksRandom(credential, 3),
    ),
  },
];

/** Commands whose `-p` takes a password (elsewhere it is a port, a path or "parents"). */
const PASSWORD_FLAG_COMMANDS =
  /\b(?:mysql\w*|mariadb\w*|sshpass|docker|podman|nerdctl|helm|skopeo|buildah|oras|mongo\w*|redis-cli|sqlcmd|rabbitmqadmin)\b/;

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    // Not percent-encoding after all: judge the text as it stands.
    return text;
  }
}

/** The secrets of one line, in order, or null (the common case, allocating nothing). */
export function scanLine(text: string, flavour: Flavour): Span[] | null {
  return mayContainSecret(text) ? detect(text, flavour) : null;
}

/** The detectors without the prefilter. */
export function detect(text: string, flavour: Flavour): Span[] | null {
  let spans: Span[] | null = null;
  const add = (detector: Detector, m: RegExpExecArray) => {
    const at = detector.locate(m, text, flavour);
    if (at) addSpan((spans ??= []), { start: at[0], end: at[1], kind: at[2] ?? detector.kind, counted: true });
  };
  for (const detector of DETECTORS) {
    if (detector.when && !detector.when(text)) continue;
    const re = detector.re;
    let m: RegExpExecArray | null;
    if (detector.starts) {
      for (const start of detector.starts(text)) {
        re.lastIndex = start;
        if ((m = re.exec(text))) add(detector, m);
      }
      continue;
    }
    re.lastIndex = 0;
    while ((m = re.exec(text))) add(detector, m);
  }
  return spans;
}
