/**
 * Secret redaction: the last stage before any text leaves for a model. Secrets in the
 * diff (and in free text such as a PR title or description) are replaced by
 * `[REDACTED:<kind>]`, and a secret on an added line becomes a critical finding of its own,
 * because whoever pushed it has already leaked it. The scanner never quotes a secret.
 *
 * Pure: no I/O, no env, no clock.
 */

import type { DiffLine, FileDiff, Hunk } from "../diff-model.js";
import type { Finding } from "../finding.js";

export const SECRET_KINDS = [
  "private-key",
  "aws-access-key-id",
  "aws-secret-access-key",
  "github-token",
  "gitlab-token",
  "slack-token",
  "stripe-key",
  "anthropic-key",
  "openai-key",
  "google-api-key",
  "sendgrid-key",
  "jwt",
  "url-password",
  "assigned-secret",
  "auth-header",
] as const;
export type SecretKind = (typeof SECRET_KINDS)[number];

/** One secret removed from free text; `line` is 1-based within that text. */
export interface Redaction {
  kind: SecretKind;
  line: number;
}

/** How many secrets were removed, in all and per kind (kinds with none are absent). */
export interface RedactionCount {
  total: number;
  byKind: Partial<Record<SecretKind, number>>;
}

export interface RedactedText {
  text: string;
  redactions: Redaction[];
}

export interface RedactedFile {
  /** The input itself when nothing was redacted; otherwise a copy sharing untouched hunks and lines. */
  file: FileDiff;
  redactions: RedactionCount;
  /** One critical finding per added line that carries a secret. */
  findings: Finding[];
}

/** What replaces a secret of this kind. */
export function redactionMarker(kind: SecretKind): string {
  return `[REDACTED:${kind}]`;
}

/**
 * Redacts free text (a PR title or description). A multi-line private key counts once,
 * at its first line.
 */
export function redactText(text: string): RedactedText {
  if (!mayContainSecret(text)) return { text, redactions: [] };
  const lines = text.split("\n");
  const spans = scanSequence(lines, lines.map(scanLine), newBlockIds());
  const redactions: Redaction[] = [];
  let changed = false;
  for (let i = 0; i < lines.length; i++) {
    const found = spans[i];
    if (!found) continue;
    for (const span of found) if (span.counted) redactions.push({ kind: span.kind, line: i + 1 });
    lines[i] = applySpans(lines[i]!, found);
    changed = true;
  }
  return { text: changed ? lines.join("\n") : text, redactions };
}

/**
 * Redacts one file's diff without touching the input. Secrets on added, deleted and
 * context lines (and in hunk headers, which quote a line of the file) are all removed from
 * the text; only those on added lines become findings, since the others were committed
 * before this change. A private key that spans several lines is redacted on every line of
 * its block, counted once, and reported once, at its first added line.
 */
export function redactFile(file: FileDiff): RedactedFile {
  let found: Map<DiffLine, Span[]> | undefined;
  let headers: Map<Hunk, Span[]> | undefined;
  let keyMarker = false;
  for (const hunk of file.hunks) {
    const inHeader = scanLine(hunk.header);
    if (inHeader) (headers ??= new Map()).set(hunk, inHeader);
    for (const line of hunk.lines) {
      if (!mayContainSecret(line.text)) continue;
      if (line.text.includes(KEY_LABEL)) keyMarker = true;
      const spans = detect(line.text);
      if (spans) (found ??= new Map()).set(line, spans);
    }
  }
  if (keyMarker) found = addKeyBlocks(file, found ?? new Map());
  if (!found?.size && !headers) return { file, redactions: { total: 0, byKind: {} }, findings: [] };

  const count: RedactionCount = { total: 0, byKind: {} };
  const tally = (spans: readonly Span[]) => {
    for (const span of spans) {
      if (!span.counted) continue;
      count.total++;
      count.byKind[span.kind] = (count.byKind[span.kind] ?? 0) + 1;
    }
  };
  const findings: Finding[] = [];
  const reportedBlocks = new Set<number>();

  const hunks = file.hunks.map((hunk) => {
    const inHeader = headers?.get(hunk);
    let lines: DiffLine[] | undefined;
    hunk.lines.forEach((line, i) => {
      const spans = found?.get(line);
      if (!spans) return;
      tally(spans);
      if (line.kind === "add" && line.newLine !== null) {
        const finding = secretFinding(file.path, line.newLine, spans, reportedBlocks);
        if (finding) findings.push(finding);
      }
      (lines ??= hunk.lines.slice())[i] = { ...line, text: applySpans(line.text, spans) };
    });
    if (inHeader) tally(inHeader);
    if (!lines && !inHeader) return hunk;
    return {
      ...hunk,
      header: inHeader ? applySpans(hunk.header, inHeader) : hunk.header,
      lines: lines ?? hunk.lines,
    };
  });
  return { file: { ...file, hunks }, redactions: count, findings };
}

/** The secrets on the added lines of a file that is not sent to the model. */
export interface CommittedSecrets {
  /** Secrets on added lines (a private key block once); nothing was redacted, as nothing left. */
  counts: RedactionCount;
  /** One critical finding per added line that carries a secret, as `redactFile` gives. */
  findings: Finding[];
}

/**
 * The committed secrets of a file whose text goes nowhere (skipped by select, or past the
 * review budget), read from its unparsed hunk text (`FileSection.body`): pushing a secret
 * leaks it whether or not the file is reviewed. Only added lines count, as in `redactFile`.
 *
 * Such files are most of a large diff, so this must cost close to nothing when there is no
 * secret: the prefilter runs once over the whole text instead of line by line (a match
 * can run past its line only into a context line, never across an added line's `+`, so
 * no line that the per-line prefilter passes is hidden), no line becomes an object, and
 * line numbers are counted only up to a line that holds a secret. A file with a private
 * key marker on its new side is read line by line instead, because a key block spans
 * lines that pass no prefilter.
 */
export function findCommittedSecrets(path: string, body: string): CommittedSecrets {
  const report = newSecretReport(path);
  const lineNumber = newLineCounter(body);
  const prefilter = PREFILTER_GLOBAL;
  prefilter.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = prefilter.exec(body))) {
    const start = body.lastIndexOf("\n", m.index) + 1;
    let end = body.indexOf("\n", m.index);
    if (end < 0) end = body.length;
    const marker = body.charCodeAt(start);
    if (marker === PLUS || marker === SPACE) {
      const text = body.slice(start + 1, end);
      if (text.includes(KEY_LABEL)) return findCommittedSecretsByLine(path, body);
      const spans = marker === PLUS ? detect(text) : null;
      if (spans) report.add(lineNumber(start), spans);
    }
    prefilter.lastIndex = end + 1;
  }
  return report.result();
}

/** `findCommittedSecrets` over every line of the new side, so key blocks are found whole. */
function findCommittedSecretsByLine(path: string, body: string): CommittedSecrets {
  const texts: string[] = [];
  const added: (number | null)[] = [];
  let newLine = 0;
  forEachLine(body, (start, end) => {
    const marker = body.charCodeAt(start);
    if (marker === AT) newLine = hunkNewStart(body, start) ?? newLine;
    else if (marker === PLUS || marker === SPACE || start === end) {
      texts.push(body.slice(start + 1, end));
      added.push(marker === PLUS ? newLine : null);
      newLine++;
    }
  });
  const spans = scanSequence(texts, texts.map(scanLine), newBlockIds());
  const report = newSecretReport(path);
  for (let i = 0; i < texts.length; i++) {
    const line = added[i] ?? null;
    const found = spans[i];
    if (line !== null && found) report.add(line, found);
  }
  return report.result();
}

/** Findings and counts for added lines, a key block counted and reported once. */
function newSecretReport(path: string) {
  const counts: RedactionCount = { total: 0, byKind: {} };
  const findings: Finding[] = [];
  const reportedBlocks = new Set<number>();
  return {
    add(line: number, spans: readonly Span[]): void {
      for (const span of spans) {
        if (span.block !== undefined && reportedBlocks.has(span.block)) continue;
        counts.total++;
        counts.byKind[span.kind] = (counts.byKind[span.kind] ?? 0) + 1;
      }
      const finding = secretFinding(path, line, spans, reportedBlocks);
      if (finding) findings.push(finding);
    },
    result: (): CommittedSecrets => ({ counts, findings }),
  };
}

const PLUS = 43;
const SPACE = 32;
const AT = 64;

function forEachLine(text: string, visit: (start: number, end: number) => void): void {
  let pos = 0;
  while (pos < text.length) {
    let end = text.indexOf("\n", pos);
    if (end < 0) end = text.length;
    visit(pos, end);
    pos = end + 1;
  }
}

const HUNK_NEW_START = /@@ -\d+(?:,\d+)? \+(\d+)/y;

function hunkNewStart(text: string, at: number): number | null {
  HUNK_NEW_START.lastIndex = at;
  const m = HUNK_NEW_START.exec(text);
  return m ? Number(m[1]) : null;
}

/**
 * New-file line numbers in hunk text, for line starts asked in increasing order: it walks
 * on from the last one asked, so a file costs one walk however many secrets it holds.
 * Lines count as `splitDiff` counts them: an empty line is a context line that lost its space.
 */
function newLineCounter(text: string): (lineStart: number) => number {
  let pos = 0;
  let newLine = 0;
  return (lineStart) => {
    while (pos < lineStart) {
      const marker = text.charCodeAt(pos);
      let end = text.indexOf("\n", pos);
      if (end < 0) end = text.length;
      if (marker === AT) newLine = hunkNewStart(text, pos) ?? newLine;
      else if (marker === PLUS || marker === SPACE || end === pos) newLine++;
      pos = end + 1;
    }
    return newLine;
  };
}

/** Adds up per-file counts, e.g. for the review summary. */
export function sumRedactionCounts(counts: Iterable<RedactionCount>): RedactionCount {
  const sum: RedactionCount = { total: 0, byKind: {} };
  for (const count of counts) {
    sum.total += count.total;
    for (const kind of SECRET_KINDS) {
      const n = count.byKind[kind];
      if (n) sum.byKind[kind] = (sum.byKind[kind] ?? 0) + n;
    }
  }
  return sum;
}

// ---------------------------------------------------------------------------------------
// Findings

const KIND_LABELS: Record<SecretKind, string> = {
  "private-key": "a private key",
  "aws-access-key-id": "an AWS access key ID",
  "aws-secret-access-key": "an AWS secret access key",
  "github-token": "a GitHub token",
  "gitlab-token": "a GitLab token",
  "slack-token": "a Slack token",
  "stripe-key": "a Stripe secret key",
  "anthropic-key": "an Anthropic API key",
  "openai-key": "an OpenAI API key",
  "google-api-key": "a Google API key",
  "sendgrid-key": "a SendGrid API key",
  jwt: "a JSON Web Token",
  "url-password": "a password in a URL",
  "assigned-secret": "a hard-coded password or secret",
  "auth-header": "a credential in an Authorization header",
};

function secretFinding(
  path: string,
  line: number,
  spans: readonly Span[],
  reportedBlocks: Set<number>,
): Finding | null {
  const kinds: SecretKind[] = [];
  for (const span of spans) {
    // A key block is one secret: report it at its first added line, not on each line.
    if (span.block !== undefined) {
      if (reportedBlocks.has(span.block)) continue;
      reportedBlocks.add(span.block);
    }
    if (!kinds.includes(span.kind)) kinds.push(span.kind);
  }
  if (kinds.length === 0) return null;
  const labels = kinds.map((kind) => KIND_LABELS[kind]);
  const what =
    labels.length === 1 ? labels[0]! : `${labels.slice(0, -1).join(", ")} and ${labels.at(-1)!}`;
  return {
    path,
    line,
    side: "RIGHT",
    severity: "critical",
    source: "secret-scan",
    title: "Secret committed",
    body:
      `This line adds ${what}. Treat it as leaked: revoke or rotate it now, then load it ` +
      `from a secret store (your CI's secrets, a vault, or environment variables) instead of ` +
      `the code. Deleting it in a later commit is not enough: it stays in the git history.`,
  };
}

// ---------------------------------------------------------------------------------------
// Spans: where the secrets are in one line

interface Span {
  start: number;
  end: number;
  kind: SecretKind;
  /** False on the second and later lines of a private key block: one key, counted once. */
  counted: boolean;
  /** Which private key block this line belongs to, if any. */
  block?: number;
}

function applySpans(text: string, spans: readonly Span[]): string {
  let out = "";
  let at = 0;
  for (const span of spans) {
    out += text.slice(at, span.start) + redactionMarker(span.kind);
    at = span.end;
  }
  return out + text.slice(at);
}

/** Inserts `span` in start order unless it overlaps one already there (earlier ones win). */
function addSpan(spans: Span[], span: Span): void {
  let i = 0;
  while (i < spans.length && spans[i]!.end <= span.start) i++;
  if (i < spans.length && spans[i]!.start < span.end) return;
  spans.splice(i, 0, span);
}

// ---------------------------------------------------------------------------------------
// The prefilter
//
// Almost every line of a diff holds no secret, and running a dozen precise regexes over
// every line is what makes a naive scanner slow. So a line first meets one regex that looks
// only for what every detector needs literally: a token prefix ("ghp_", "AKIA", "eyJ",
// "sk-", ...), a "user:password@" after "://", the PEM label, or a secret-like name right
// before an assignment. Only lines that pass (about 1% of ordinary code) meet the detectors.
// Each detector below must require one of these fragments; the tests check that the
// prefilter never hides a line a detector would catch.
//
// The fragments are matched from their rarest character (`-`, `_`, `A`, `J`, `V`, `@`) with a
// look-behind for the rest: an alternative that starts with a common letter makes V8 try
// it at almost every position, which doubles the cost. The keywords cannot avoid common
// letters; they are spelled in [xX] classes rather than with the `i` flag, which would
// also turn "A" into "[aA]" (and Node 20 has no `(?i:...)` groups).

const KEY_LABEL = "PRIVATE KEY";

const NAME_KEYWORDS = [
  "pass", "pwd", "secret", "token", "api[_-]?key", "access[_-]?key", "private[_-]?key", "auth", "credential",
].join("|");

/**
 * What may follow the secret-like word in a name. Bounded, because an unbounded run would
 * be scanned again from every keyword in it: quadratic on a long line of names.
 */
const NAME_REST = String.raw`[\w$.-]{0,64}`;

const anyCase = (pattern: string) => pattern.replace(/[a-z]/g, (c) => `[${c}${c.toUpperCase()}]`);

const PREFILTER = new RegExp(
  [
    // sk-, sk-ant-, glpat-, xoxb-, ghp_, github_pat_, sk_live_, whsec_
    String.raw`[-_](?<=(?:sk|gl(?:pat|dt|rt|ptt)|xox[abposr])-|(?:gh[pousr]|github_pat|[sr]k_(?:live|test)|whsec)_)`,
    "A(?:[KS]IA|Iza)",
    "J(?<=eyJ)",
    "V(?<=PRIV)ATE KEY",
    String.raw`@(?<=:\/\/[^\s/@]*:[^\s/@]*@)`,
    // SG. (SendGrid)
    String.raw`G(?<=SG)\.`,
    // a secret-like word, the rest of the name, a closing quote or bracket, an operator
    String.raw`(?:${anyCase(NAME_KEYWORDS)})${NAME_REST}["'\x60]?\]?\s*[?:=,!]`,
  ].join("|"),
);

/** The same, to find candidate lines in a whole hunk text at once. */
const PREFILTER_GLOBAL = new RegExp(PREFILTER.source, "g");

function mayContainSecret(text: string): boolean {
  return PREFILTER.test(text);
}

/** @internal For the test that checks the prefilter never hides what a detector finds. */
export const redactInternals = {
  mayContainSecret,
  detect: (text: string): SecretKind[] => detect(text)?.map((span) => span.kind) ?? [],
};

// ---------------------------------------------------------------------------------------
// Detectors for secrets that fit on one line

interface Detector {
  kind: SecretKind;
  /** With indices; global (every match is a candidate), or sticky when `starts` is given. */
  re: RegExp;
  /** The secret's [start, end) in the line, or null when the match is not a secret after all. */
  locate: (m: RegExpExecArray) => readonly [number, number] | null;
  /**
   * Where a match may start, when trying `re` (then sticky) at every position would cost
   * too much; long minified lines are where that shows.
   */
  starts?: (text: string) => number[];
}

const whole =
  (accept: (secret: string) => boolean = () => true) =>
  (m: RegExpExecArray): readonly [number, number] | null =>
    accept(m[0]) ? [m.index, m.index + m[0].length] : null;

/** The first capture group among `groups` that took part; `accept` sees its text and the match. */
const group =
  (groups: number[], accept: (secret: string, m: RegExpExecArray) => boolean = () => true) =>
  (m: RegExpExecArray): readonly [number, number] | null => {
    for (const g of groups) {
      const at = m.indices?.[g];
      if (at) return accept(m[g]!, m) ? at : null;
    }
    return null;
  };

const TOKEN_CHAR = "A-Za-z0-9_-";

// Order matters: where two detectors claim overlapping text, the earlier one wins, so the
// precise token formats come before the shape-based rules.
const DETECTORS: Detector[] = [
  {
    kind: "anthropic-key",
    re: new RegExp(String.raw`(?<![${TOKEN_CHAR}])sk-ant-[${TOKEN_CHAR}]{20,}`, "dg"),
    locate: whole(),
  },
  {
    kind: "openai-key",
    re: new RegExp(
      String.raw`(?<![${TOKEN_CHAR}])sk-(?:proj-|svcacct-|admin-)?([${TOKEN_CHAR}]{20,})(?![${TOKEN_CHAR}])`,
      "dg",
    ),
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
    re: new RegExp(
      String.raw`(?<![${TOKEN_CHAR}])gl(?:pat|dt|rt|ptt)-[${TOKEN_CHAR}]{20,}(?:\.[${TOKEN_CHAR}]+)*`,
      "dg",
    ),
    locate: whole(),
  },
  {
    kind: "slack-token",
    re: new RegExp(String.raw`(?<![${TOKEN_CHAR}])xox[abposr]-[A-Za-z0-9-]{10,}`, "dg"),
    locate: whole((token) => /\d/.test(token)),
  },
  {
    kind: "google-api-key",
    re: new RegExp(String.raw`(?<![${TOKEN_CHAR}])AIza[${TOKEN_CHAR}]{35}(?![${TOKEN_CHAR}])`, "dg"),
    locate: whole(),
  },
  {
    kind: "sendgrid-key",
    // SG.<22>.<43>: the shape alone is specific enough, as a prefix is for the tokens above.
    re: new RegExp(
      String.raw`(?<![${TOKEN_CHAR}])SG\.[${TOKEN_CHAR}]{22}\.[${TOKEN_CHAR}]{43}(?![${TOKEN_CHAR}])`,
      "dg",
    ),
    locate: whole(),
  },
  {
    kind: "aws-access-key-id",
    re: /(?<![A-Za-z0-9])A[KS]IA[A-Z0-9]{16}(?![A-Za-z0-9])/dg,
    locate: whole(),
  },
  {
    kind: "aws-secret-access-key",
    re: new RegExp(
      String.raw`(?<![A-Za-z0-9])(?:aws[_-]?)?secret[_-]?(?:access[_-]?)?key["'\x60]?\s*(?:=>|:=|[:=])` +
        String.raw`\s*["'\x60]?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])`,
      "dgi",
    ),
    locate: group([1], (key) => looksRandom(key, 3.5)),
  },
  {
    kind: "jwt",
    re: new RegExp(
      String.raw`(?<![${TOKEN_CHAR}])eyJ[${TOKEN_CHAR}]{10,}\.eyJ[${TOKEN_CHAR}]{10,}\.[${TOKEN_CHAR}]*`,
      "dg",
    ),
    locate: whole(),
  },
  {
    kind: "url-password",
    // scheme://user:password@host: only the password goes; the rest stays readable.
    re: /(?<=[A-Za-z0-9]):\/\/([^\s:@/?#"'`]*):([^\s@/?#"'`]+)@([^\s@/?#"'`:]+)/dg,
    locate: group([2], (password, m) => !isPlaceholderPassword(password, m[1]!, m[3]!)),
  },
  {
    kind: "assigned-secret",
    re: new RegExp(
      // A name holding a secret-like word (`starts` finds those), maybe quoted (JSON, dict
      // keys); taken whole, as an atomic group would, so a failed match does not backtrack
      // through it...
      String.raw`(?<![\w$.-])(["'\x60]?)(?=([\w$.-]+))\2\1\]?` +
        // ...maybe optional (TS) or annotated (Python "password: str = ..."),...
        String.raw`\s*\??\s*(?::\s*[A-Za-z_][\w.]*(?:\[\])?\s*(?==))?` +
        // ...an assignment, a comparison, or a comma between two quoted strings...
        String.raw`(===?|!==?|:=|=>|=|:|,)\s*` +
        // ...and a quoted value (maybe after an auth scheme) or a bare one up to a delimiter.
        String.raw`(?:(["'\x60])(?:(?:bearer|basic|token)\s+)?([^\s"'\x60\\]{8,512})\4` +
        String.raw`|([^\s"'\x60,;&(){}\[\]<>]{8,512})(?=$|[\s,;&)}\]]))`,
      "dyi",
    ),
    starts: nameStarts,
    locate: group([5, 6], (value, m) => {
      const quoted = m[4] !== undefined;
      if (m[3] === "," && !(m[1] && quoted)) return false;
      return isSecretName(m[2]!) && isSecretValue(value, quoted);
    }),
  },
  {
    kind: "auth-header",
    // `Authorization: Bearer <credential>` with the credential bare (a header or .http file,
    // a YAML value, a curl -H argument): the scheme word keeps assigned-secret from seeing
    // a value at all. Only the credential goes, so the line still says what it is. A quoted
    // "Bearer ..." value is assigned-secret's, which comes first and keeps its kind.
    re: /(?<![\w-])(?:proxy-)?authorization["'`]?\s*[:=]\s*["'`]?[a-z][\w-]*[ \t]+([^\s"'`\\,;]{1,512})/dgi,
    // Issued credentials are long; the short random-looking ones ("abc123def456") are what
    // documentation shows.
    locate: group(
      [1],
      (credential) => credential.length >= 16 && !isPlaceholder(credential) && looksRandom(credential, 3),
    ),
  },
];

const NAME_BEFORE_OPERATOR = new RegExp(
  String.raw`(?:${NAME_KEYWORDS})${NAME_REST}["'\x60]?\]?\s*[?:=,!]`,
  "gi",
);

/** `[\w$.-]` */
const isNameChar = (c: number) =>
  (c >= 48 && c <= 57) ||
  (c >= 65 && c <= 90) ||
  (c >= 97 && c <= 122) ||
  c === 95 ||
  c === 36 ||
  c === 46 ||
  c === 45;
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

/** The secrets of one line, in order, or null (the common case, allocating nothing). */
function scanLine(text: string): Span[] | null {
  return mayContainSecret(text) ? detect(text) : null;
}

/** The detectors without the prefilter. */
function detect(text: string): Span[] | null {
  let spans: Span[] | null = null;
  const add = (detector: Detector, m: RegExpExecArray) => {
    const at = detector.locate(m);
    if (at) addSpan((spans ??= []), { start: at[0], end: at[1], kind: detector.kind, counted: true });
  };
  for (const detector of DETECTORS) {
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

// ---------------------------------------------------------------------------------------
// Judging values and names

const MIN_SECRET_LENGTH = 8;

function shannonEntropy(text: string): number {
  const counts = new Map<number, number>();
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / text.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/**
 * Words (camelCase and acronyms too) with maybe a short number after them, joined by other
 * characters ("test-token-123", "myTestToken2", "?InterpolationInTemplate", "admin123"), are
 * what people type as placeholders or name things with. Generated secrets put digits
 * between letters, and their case changes so often that the "words" average under 3 letters.
 */
function isWordy(text: string): boolean {
  for (const part of text.split(/[^A-Za-z0-9]+/)) {
    const letters = /^([A-Za-z]*)\d{0,6}$/.exec(part)?.[1];
    if (letters === undefined) return false;
    const words = letters.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+/g)?.length ?? 0;
    if (words > 0 && letters.length / words < 3) return false;
  }
  return true;
}

/**
 * Random enough to be a generated secret: letters and digits (or, when long, both cases)
 * mixed beyond a wordy pattern, and at least `minBits` of Shannon entropy per character
 * (capped at what the length allows: 8 distinct characters carry 3 bits).
 */
function looksRandom(text: string, minBits: number): boolean {
  if (text.length < MIN_SECRET_LENGTH || !/[A-Za-z]/.test(text)) return false;
  if (!/\d/.test(text) && !(text.length >= 20 && /[a-z]/.test(text) && /[A-Z]/.test(text))) return false;
  if (isWordy(text)) return false;
  return shannonEntropy(text) >= Math.min(minBits, Math.log2(text.length)) - 1e-9;
}

/** Interpolations, lookups and paths stand where a secret will be; they are not one. */
const NOT_A_LITERAL =
  /^\$(?:\{|\(|[A-Za-z_])|\{\{|\$\{|%\(|^%[A-Za-z_]\w*%$|[<>]|^(?:\.{0,2}\/|~\/)|\.[a-z]{2,4}$/;
/**
 * `process.env.TOKEN`, `config.auth.secret`: a bare dotted name is code. Dotted tokens
 * (SendGrid's, Discord's) have the same shape, but their parts are random runs, which no
 * one names a variable or a property with.
 */
const MEMBER_EXPRESSION = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/;
const isMemberExpression = (value: string) =>
  MEMBER_EXPRESSION.test(value) && !value.split(".").some((part) => looksRandom(part, 3));

/**
 * `apiKey: azureTokenProvider2`, `TokenMap = createO200KTokenMap`, `"secret%3Dpassword"`:
 * a value that names a secret is code or a placeholder; a generated one almost never does.
 */
const SECRET_WORD_INSIDE = new RegExp(`${NAME_KEYWORDS}|key`, "i");

function isSecretValue(value: string, quoted: boolean): boolean {
  if (isPlaceholder(value) || SECRET_WORD_INSIDE.test(value)) return false;
  if (!quoted && isMemberExpression(value)) return false;
  return looksRandom(value, 3);
}

/** What stands where a secret will go: an interpolation, a path, a mask, a sample word. */
function isPlaceholder(value: string): boolean {
  return (
    NOT_A_LITERAL.test(value) ||
    /^(?:x+|\*+|#+|\.+)$/i.test(value) ||
    /example|placeholder|changeme|redacted|dummy/i.test(value)
  );
}

/** Hosts that RFC 2606 reserves for documentation and tests. */
const EXAMPLE_HOST = /(?:^|\.)(?:example\.(?:com|net|org)|example|test|invalid)$/i;

function isPlaceholderPassword(password: string, user: string, host: string): boolean {
  return (
    password.length < 3 ||
    password === user ||
    password.startsWith("[REDACTED:") ||
    EXAMPLE_HOST.test(host) ||
    NOT_A_LITERAL.test(password) ||
    /^(?:x+|\*+|\.+)$/i.test(password) ||
    /^(?:your[-_]?)?(?:pass(?:word|wd)?|pwd|secret|changeme|example|placeholder|redacted)$/i.test(password)
  );
}

/** Single words that name a secret. */
const SECRET_WORDS = new Set([
  "password",
  "passwd",
  "passphrase",
  "pass",
  "pwd",
  "secret",
  "token",
  "apikey",
  "auth",
  "authorization",
  "credential",
  "credentials",
]);
/** Words ending like this name a secret too ("dbpassword", "jwtsecret", "authtoken"). */
const SECRET_ENDINGS = ["password", "passwd", "secret", "token", "apikey"];
/** Two-word names: "api_key", "accessKey", "PRIVATE-KEY", "clientSecret" (covered by secret). */
const SECRET_PAIRS = new Set(["api key", "access key", "private key"]);
/** A name that ends so describes a secret without holding it ("token_url", "passwordField"). */
const DESCRIBING_WORDS = new Set([
  "name", "names", "type", "types", "kind", "url", "uri", "urls", "path", "paths", "file",
  "files", "dir", "field", "fields", "label", "length", "len", "count", "size", "limit",
  "max", "min", "header", "prefix", "suffix", "env", "var", "hint", "placeholder", "pattern",
  "regex", "format", "endpoint", "id", "ids", "message", "msg", "error", "policy", "expiry",
  "expires", "expiration", "ttl", "timeout", "method", "mode", "version", "host", "port",
  "user", "username", "email", "enabled", "required", "provider", "source", "location",
  "class", "style", "ref", "map", "list", "set", "factory", "manager", "service", "store",
  "storage", "cache", "handler", "callback", "fn", "validator", "schema", "options", "config",
  "settings",
]);

function isSecretName(name: string): boolean {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z])([A-Z][a-z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  const last = words.at(-1);
  if (last === undefined || DESCRIBING_WORDS.has(last)) return false;
  return words.some(
    (word, i) =>
      SECRET_WORDS.has(word) ||
      SECRET_ENDINGS.some((ending) => word.endsWith(ending)) ||
      (i > 0 && SECRET_PAIRS.has(`${words[i - 1]} ${word}`)),
  );
}

// ---------------------------------------------------------------------------------------
// Private key blocks
//
// A PEM block spans many lines, and only its marker lines say what it is. Blocks are found
// on each side of the diff separately (old: context and deleted lines; new: context and
// added lines), because only there are the lines consecutive lines of one file.

const KEY_BEGIN = /-----BEGIN[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----/;
const KEY_END = /-----END[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----/;
const KEY_MATERIAL = /[A-Za-z0-9+/]{16,}/;
/** A bare base64 line: a PEM file, a YAML block, a shell continuation. */
const KEY_LINE_BARE = /^\s*(?:\+\s*)?(?:[A-Za-z0-9+/=]|\\[rn])+\s*(?:\\\s*)?$/;
/** Quoted base64 pieces, as code embeds a key: concatenated, listed, escaped. */
const KEY_LINE_QUOTED =
  /^\s*(?:[+,]\s*)?(?:[br]?(["'`])(?:[A-Za-z0-9+/=]|\\[rn])*\1\s*(?:[+,;]\s*)?)+(?:\\\s*)?$/;
const KEY_HEADER = /^\s*["'`]?(?:Proc-Type|DEK-Info|Version|Comment|Hash|Charset):/;

function isBase64Char(c: number): boolean {
  return (
    (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 43 || c === 47 || c === 61
  );
}

/** The key material of a body line, without the quotes and escapes around it; null if none. */
function keyContent(text: string): readonly [number, number] | null {
  if (KEY_HEADER.test(text)) return [text.search(/\S/), text.trimEnd().length];
  let start: number;
  if (KEY_LINE_BARE.test(text)) start = /^\s*(?:\+\s+)?/.exec(text)![0].length;
  else if (KEY_LINE_QUOTED.test(text)) start = text.search(/["'`]/) + 1;
  else return null;
  const end = materialEnd(text, start);
  return start < end ? [start, end] : null;
}

/** Where the key material that starts at `from` ends: before a closing quote, `\n` or `\`. */
function materialEnd(text: string, from: number): number {
  let end = text.trimEnd().length;
  if (text[end - 1] === "\\") end = text.slice(0, end - 1).trimEnd().length;
  const quote = Math.max(text.lastIndexOf('"'), text.lastIndexOf("'"), text.lastIndexOf("`"));
  if (quote >= from) end = quote;
  while (end - 2 >= from && text[end - 2] === "\\" && (text[end - 1] === "n" || text[end - 1] === "r")) {
    end -= 2;
  }
  return end;
}

/** The END marker with any key material glued before it ("...AB==\n-----END ..."). */
function keyEnd(text: string): readonly [number, number] | null {
  const end = KEY_END.exec(text);
  if (!end) return null;
  let start = end.index;
  for (;;) {
    if (start > 1 && text[start - 2] === "\\" && /[rn]/.test(text[start - 1]!)) start -= 2;
    else if (start > 0 && isBase64Char(text.charCodeAt(start - 1))) start--;
    else break;
  }
  return [start, end.index + end[0].length];
}

const isBlank = (text: string) => /^[\s"'`]*$/.test(text);

/** Whether key material starts at `texts[i]` (after the blank line PGP armor puts first). */
function keyBodyFollows(texts: readonly string[], i: number): boolean {
  for (let j = i; j < texts.length && j < i + 3; j++) {
    const text = texts[j]!;
    if (KEY_HEADER.test(text)) return true;
    if (isBlank(text)) continue;
    return keyContent(text) !== null && KEY_MATERIAL.test(text);
  }
  return false;
}

type BlockIds = () => number;
function newBlockIds(): BlockIds {
  let next = 0;
  return () => next++;
}

/** Private key spans of consecutive lines, by line index. */
function findKeyBlocks(texts: readonly string[], blockId: BlockIds): Map<number, Span> {
  const out = new Map<number, Span>();
  const mark = (i: number, at: readonly [number, number], block: number, counted: boolean) =>
    out.set(i, { start: at[0], end: at[1], kind: "private-key", counted, block });

  for (let i = 0; i < texts.length; i++) {
    const text = texts[i]!;
    const begin = KEY_BEGIN.exec(text);
    if (begin) {
      const after = begin.index + begin[0].length;
      const rest = text.slice(after);
      const end = keyEnd(rest);
      if (end) {
        // A whole key on one line, as JSON keeps it ("-----BEGIN...\nMIIE...\n-----END...").
        if (KEY_MATERIAL.test(rest.slice(0, end[1]))) mark(i, [begin.index, after + end[1]], blockId(), true);
        continue;
      }
      const materialHere = KEY_MATERIAL.test(rest);
      // A marker with no key after it is code that handles keys (a parser, a regex).
      if (!materialHere && !keyBodyFollows(texts, i + 1)) continue;
      const block = blockId();
      mark(i, [begin.index, materialHere ? materialEnd(text, after) : after], block, true);
      let j = i + 1;
      for (; j < texts.length; j++) {
        const line = texts[j]!;
        const close = keyEnd(line);
        if (close) {
          mark(j, close, block, false);
          j++;
          break;
        }
        const content = keyContent(line);
        if (content) mark(j, content, block, false);
        else if (!isBlank(line)) break;
      }
      i = j - 1;
      continue;
    }
    const end = keyEnd(text);
    if (end) {
      // The BEGIN marker lies outside the hunk, but the body lines above are still a key.
      let first = i;
      while (first > 0 && !out.has(first - 1) && keyContent(texts[first - 1]!)) first--;
      if (!texts.slice(first, i).some((line) => KEY_MATERIAL.test(line))) continue;
      const block = blockId();
      for (let j = first; j < i; j++) mark(j, keyContent(texts[j]!)!, block, j === first);
      mark(i, end, block, false);
    }
  }
  return out;
}

/** Merges key blocks into the per-line spans of a sequence of lines (a text). */
function scanSequence(
  texts: readonly string[],
  spans: (Span[] | null)[],
  blockId: BlockIds,
): (Span[] | null)[] {
  if (!texts.some((text) => text.includes(KEY_LABEL))) return spans;
  for (const [i, block] of findKeyBlocks(texts, blockId)) spans[i] = mergeBlockSpan(block, spans[i]);
  return spans;
}

function mergeBlockSpan(block: Span, others: readonly Span[] | null | undefined): Span[] {
  const merged = [block];
  for (const span of others ?? []) addSpan(merged, span);
  return merged;
}

function addKeyBlocks(file: FileDiff, found: Map<DiffLine, Span[]>): Map<DiffLine, Span[]> {
  const blockId = newBlockIds();
  for (const otherSide of ["add", "del"] as const) {
    const lines = file.hunks.flatMap((hunk) => hunk.lines.filter((line) => line.kind !== otherSide));
    const texts = lines.map((line) => line.text);
    for (const [i, block] of findKeyBlocks(texts, blockId)) {
      const line = lines[i]!;
      const existing = found.get(line);
      // A context line is on both sides; its block span from the first side stands.
      if (existing?.some((span) => span.kind === "private-key" && span.block !== undefined)) continue;
      found.set(line, mergeBlockSpan(block, existing));
    }
  }
  return found;
}
