/**
 * Whether a value assigned to a name is a secret, and of what kind: the heart of the
 * generic rule (gitleaks' generic-api-key, detect-secrets' keyword detector). The name
 * decides which values count; the value must then be a literal, not a placeholder, and
 * either random (a generated secret) or, under a password name, a password as people make
 * them.
 */
import { isCommentLine, type Flavour } from "./file-flavour.js";
import type { SecretKind } from "./kinds.js";
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
 * A generated value never spells these; a value that does is code or a placeholder
 * (`apiKey: azureTokenProvider2`, `"secret%3Dpassword"`).
 */
const SECRET_WORD_INSIDE = /(?:[pP]ass|[pP]wd|[sS]ecret|[tT]oken|[kK]ey|[aA]uth|[cC]redential|PASS|PWD|SECRET|TOKEN|KEY|AUTH)/;

/** A call that hands a secret over: `setLicenseKey("...")`, `client.setPassword("...")`. */
const SETTER = /(?:^|\.)(?:[sS]et|[rR]egister|[uU]se|[wW]ith|[aA]dd)[A-Z_]\w*$/;

/** A declaration names a type: `export type PassphraseBlob = ...`. */
const DECLARATION = /\b(?:type|interface|class|enum|struct|typedef|record|trait)\s+$/;

/**
 * A name right after `;`, a quote, `&` or `?` sits inside a string even in code: a
 * connection string (`"Server=db;Password=..."`) or a query string.
 */
const INSIDE_A_STRING = /[;"'\x60&?]$/;

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
  // `arn:aws:secretsmanager:...:secret:prod/db`: a field of a colon-separated name.
  if (a.operator === ":" && a.before.endsWith(":")) return null;
  if (!a.quoted && flavour !== "settings" && isMemberExpression(value)) return null;
  const literal = a.quoted || flavour !== "code" || INSIDE_A_STRING.test(a.before);
  const example = flavour === "code" && isCommentLine(a.line);

  if (cls === "license") return isLicenseKey(value) ? "license-key" : null;
  if (cls === "password" && literal && !example && isHumanPassword(value)) {
    // In a list or a call, a pair of strings is a password only when it looks like one.
    if (!comma || (/\d/.test(value) && /[^A-Za-z0-9]/.test(value))) return "assigned-secret";
  }
  if (SECRET_WORD_INSIDE.test(value)) return null;
  if (!isTokenShaped(value)) {
    // Signs a generated token never has, but a generated secret key may (Django's).
    return cls !== "key" && !example && value.length >= 12 && looksRandom(value, 3.5) ? "assigned-secret" : null;
  }
  // `..._KEY` names a lookup key in code as often as a secret; in settings it is a secret.
  if (cls === "key" && flavour !== "settings" && !isEnvStyleName(a.name)) return null;
  return looksRandom(value, cls === "key" ? 3.5 : 3) ? "assigned-secret" : null;
}

/** Issued license keys: long, letters and digits, often in dashed groups. */
function isLicenseKey(value: string): boolean {
  if (value.length < 16 || !isTokenShaped(value) || !/\d/.test(value) || !/[A-Za-z]/.test(value)) return false;
  if (/licen[cs]e|key|trial|demo|test/i.test(value)) return false;
  return shannonEntropy(value) >= 3;
}
