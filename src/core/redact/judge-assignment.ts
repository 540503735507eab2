/**
 * Whether a value assigned to a name is a secret, and of what kind: the heart of the
 * generic rule (gitleaks' generic-api-key, detect-secrets' keyword detector). The name
 * decides which values count; the value must then be a literal, not a placeholder, and
 * either random (a generated secret) or, under a password name, a password as people make
 * them.
 */
import { isCommentLine, type Flavour } from "./file-flavour.js";
import type { SecretKind } from "./kinds.js";
import { isWordy } from "./is-wordy.js";
import { isEnvStyleName, nameClass } from "./names.js";
import {
  isHumanPassword,
  isMemberExpression,
  isPlaceholder,
  isPublicShape,
  isTokenShaped,
  isUuid,
  looksRandom,
  shannonEntropy,
} from "./values.js";

export interface Assignment {
  name: string;
  value: string;
  /** The value was quoted: a literal in any language. */
  quoted: boolean;
  /** The name was quoted (a JSON key, a dict key, an array element). */
  nameQuoted: boolean;
  /** `name?: ...`: a TypeScript optional property, whose "value" is a type. */
  optional: boolean;
  /** The operator: `=`, `:`, `,` (a quoted pair in a call or an array), ... */
  operator: string;
  /** The line up to the name. */
  before: string;
  /** The whole line. */
  line: string;
}

/**
 * A value that spells these is code or a placeholder (`apiKey: azureTokenProvider2`,
 * `"secret%3Dpassword"`), unless what is left without them is still random: a generated
 * value spells "key" or "pwd" by chance (1 base64 key of 40 characters in 200 does).
 */
const SECRET_WORD_INSIDE = /(?:[pP]ass|[pP]wd|[sS]ecret|[tT]oken|[kK]ey|[aA]uth|[cC]redential|PASS|PWD|SECRET|TOKEN|KEY|AUTH)/g;
function spellsSecretWord(value: string): boolean {
  if (value.search(SECRET_WORD_INSIDE) < 0) return false;
  const rest = value.replace(SECRET_WORD_INSIDE, "");
  return rest.length < 12 || !looksRandom(rest, 3.5);
}

/** A call that hands a secret over: `setLicenseKey("...")`, `client.setPassword("...")`. */
const SETTER = /(?:^|\.)(?:[sS]et|[rR]egister|[uU]se|[wW]ith|[aA]dd)[A-Z_]\w*$/;

/** A declaration names a type: `export type PassphraseBlob = ...`. */
const DECLARATION = /\b(?:type|interface|class|enum|struct|typedef|record|trait)\s+$/;

/**
 * A name right after `;`, a quote, `&` or `?` sits inside a string even in code: a
 * connection string (`"Server=db;Password=..."`) or a query string.
 */
const INSIDE_A_STRING = /[;"'\x60&?]$/;

/** The start of a line up to a namespaced key: `  shop:` of `  shop:dbPassword: ...`. */
const NAMESPACED_KEY = /^\s*[\w.-]+:$/;

/**
 * Free text (a PR description) quotes settings files and code alike. A line that is nothing
 * but a name and a bare value is read as settings: `DB_PASSWORD=orbit-maple-candle`,
 * `password: violet.rocket.umbrella`, `- MYSQL_PASSWORD=...` (a YAML list), `export X=...`;
 * so is an environment variable set before a command (`PGPASSWORD=... psql`), whose
 * upper-case name no code uses for a local value.
 */
function isSettingsLine(a: Assignment): boolean {
  if (a.quoted || (a.operator !== "=" && a.operator !== ":")) return false;
  const at = a.line.indexOf(a.value, a.before.length + a.name.length);
  const assignment = a.line.slice(a.before.length, at);
  if (a.operator === "=" && ENV_NAME.test(a.name) && assignment === `${a.name}=` && /^\s*(?:export\s+)?$/.test(a.before)) {
    return true;
  }
  return /^\s*(?:-\s+|export\s+)?$/.test(a.before) && a.line.slice(at + a.value.length).trim() === "";
}

const ENV_NAME = /^[A-Z][A-Z0-9_]{2,}$/;

/**
 * Roots and ends of dotted names that code reads from: `this.userInput.value`,
 * `os.environ`, `config.db.password`. A passphrase of words joined by dots
 * (`violet.rocket.umbrella`) has none of them.
 */
const CODE_ROOTS = new Set(
  ("this self cls super process os env config conf cfg settings options opts props state params args input " +
    "form data req request res response ctx context app window document global globalthis module exports " +
    "import meta event target values vars secrets credentials creds auth db store vm model user session").split(" "),
);
const CODE_ENDS = new Set(["value", "values", "get", "text", "current", "data", "env", "result", "body", "trim", "length"]);

/** A dotted value of free text that reads as code rather than as a password made of words. */
function isCodeExpression(value: string): boolean {
  if (!isMemberExpression(value)) return false;
  const parts = value.split(".");
  if (CODE_ROOTS.has(parts[0]!.toLowerCase()) || CODE_ENDS.has(parts.at(-1)!.toLowerCase())) return true;
  if (nameClass(parts.at(-1)!) !== null) return true;
  // camelCase, snake_case and `$` in words: how code names things; a generated password
  // with a dot in it ("rGZtHpktoZy.djD0") changes case too, but spells no words.
  return parts.some((part) => /[a-z][A-Z]|[_$]/.test(part) && isWordy(part));
}

export function judgeAssignment(a: Assignment, flavour: Flavour): SecretKind | null {
  if (a.operator === "(" && !SETTER.test(a.name)) return null;
  const cls = /(?:^|\.)(?:set|register|add)\w*Licen[cs]e$/i.test(a.name) ? "license" : nameClass(a.name);
  if (cls === null || a.optional) return null;
  const comma = a.operator === ",";
  if (comma && !(a.nameQuoted && a.quoted)) return null;
  const { value } = a;
  if (isPlaceholder(value) || isPublicShape(value)) return null;
  // Idempotency and request tokens are UUIDs; passwords and API keys sometimes are too.
  if (isUuid(value) && cls !== "password" && cls !== "secret") return null;
  if (DECLARATION.test(a.before)) return null;
  // `arn:aws:secretsmanager:...:secret:prod/db`: a field of a colon-separated name; but
  // `shop:dbPassword: ...` is a namespaced key of a settings file (Pulumi's stack config).
  if (a.operator === ":" && a.before.endsWith(":") && !NAMESPACED_KEY.test(a.before)) return null;
  if (!a.quoted && flavour === "code" && isMemberExpression(value)) return null;
  if (!a.quoted && flavour === "text" && isCodeExpression(value)) return null;
  if (flavour === "text" && isSettingsLine(a)) flavour = "settings";
  const literal = a.quoted || flavour !== "code" || INSIDE_A_STRING.test(a.before);
  const example = flavour === "code" && isCommentLine(a.line);

  if (cls === "license") return isLicenseKey(value) ? "license-key" : null;
  if (cls === "password" && literal && !example && isHumanPassword(value)) {
    // In a list or a call, a pair of strings is a password only when it looks like one.
    if (!comma || (/\d/.test(value) && /[^A-Za-z0-9]/.test(value))) return "assigned-secret";
  }
  if (spellsSecretWord(value)) return null;
  if (!isTokenShaped(value)) {
    // Signs a generated token never has, but a generated secret key may (Django's), and so
    // does a password made by a person or a password manager, under any secret's name.
    if (cls === "key" || example || value.length < 12) return null;
    return looksRandom(value, 3.5) || (isHumanPassword(value) && /[a-z]/.test(value) && /[A-Z]/.test(value) && /\d/.test(value))
      ? "assigned-secret"
      : null;
  }
  // `..._KEY` names a lookup key in code as often as a secret; in settings it is a secret.
  if (cls === "key" && flavour !== "settings" && !isEnvStyleName(a.name)) return null;
  return looksRandom(value, cls === "key" ? 3.5 : 3) ? "assigned-secret" : null;
}

/** Issued license keys: long, letters and digits, often in dashed groups. */
function isLicenseKey(value: string): boolean {
  if (value.length < 16 || !isTokenShaped(value) || !/[A-Za-z]/.test(value)) return false;
  // Letters only: in dashed groups ("ETZP-LHQO-TGRS-IEGP"), not all of them words
  // ("TEST-DEMO-ONLY-CODE"); a random key of letters and digits has no digit 1 time in 200.
  if (!/\d/.test(value) && !(/^[A-Z]{4,}(?:-[A-Z]{4,}){2,}$/.test(value) && !value.split("-").every(isWordy))) return false;
  // "TRIAL-LICENSE-2024", "demo-key-1234567" name a license; a random key may spell "key"
  // by chance, and has a long random run left without it.
  const rest = value.replace(/licen[cs]e|key|trial|demo|test/gi, "").replace(/[^A-Za-z0-9]/g, "");
  if (rest.length < value.replace(/[^A-Za-z0-9]/g, "").length && (rest.length < 12 || !/[A-Za-z]/.test(rest) || !/\d/.test(rest))) {
    return false;
  }
  // Issued keys repeat characters more than other secrets: upper case and digits only.
  return shannonEntropy(value) >= 2.5;
}
