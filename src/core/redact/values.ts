/**
 * Judging values: is this text a generated secret, a password a person chose, or something
 * that only stands where a secret will go (an interpolation, a type, an identifier, a hash,
 * a date, a documented example)? Facts from gitleaks and detect-secrets carry over: an
 * entropy floor for generated values, and a list of shapes that are never secrets.
 */

import { isHex, isWordy } from "./is-wordy.js";

export const MIN_SECRET_LENGTH = 8;

export function shannonEntropy(text: string): number {
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
 * The entropy a random text of `length` characters reaches but for bad luck: `minBits`,
 * less for short texts, which repeat characters by chance (a random 16-character
 * password has 2 repeats on average, and 1 in 30 falls under 3.5 bits).
 */
export function entropyFloor(length: number, minBits: number): number {
  return Math.min(minBits, 0.8 * Math.log2(length)) - 1e-9;
}

/**
 * Random enough to be a generated secret: letters and digits (or, when long, both cases)
 * mixed beyond a wordy pattern, and about `minBits` of Shannon entropy per character
 * (see `entropyFloor`).
 */
export function looksRandom(text: string, minBits: number): boolean {
  if (text.length < MIN_SECRET_LENGTH || !/[A-Za-z]/.test(text)) return false;
  if (!/\d/.test(text) && !(text.length >= 20 && /[a-z]/.test(text) && /[A-Z]/.test(text))) return false;
  if (isWordy(text)) return false;
  return shannonEntropy(text) >= entropyFloor(text.length, minBits) - (isHex(text) ? HEX_ALLOWANCE : 0);
}

/**
 * Hex has 16 symbols, so its entropy tops out at 4 bits where base64 reaches 6: a random
 * 32-digit hex key falls under 3.5 bits 1 time in 5, and a 64-digit one 1 time in 4,000.
 * detect-secrets sets its hex limit 1.5 bits under its base64 one for the same reason;
 * 0.75 bits brings a random 32-digit key's miss under 1 in 500,000.
 */
const HEX_ALLOWANCE = 0.75;

/** What a generated token is made of: base64, base64url, hex, dots and tildes; no `;{}]*`. */
export const isTokenShaped = (value: string) => /^[A-Za-z0-9_.~+/=-]+$/.test(value);

/**
 * Interpolations, format placeholders, lookups, paths and generic types stand where a
 * secret will be; they are not one.
 */
const NOT_A_LITERAL = new RegExp(
  [
    String.raw`^\$(?:\{|\(|[A-Za-z_])`, // $VAR, ${VAR}, $(cmd)
    String.raw`\$\{|\{\{|#\{`, // ${...}, {{...}}, #{...} anywhere
    String.raw`\{[\w.:!\[\]-]*\}`, // {password}, {0}, {db.pass}: format strings
    String.raw`^%[A-Za-z_]\w*%$`, // %VAR% (Windows)
    String.raw`^[:@][A-Za-z_]\w*$`, // :password, @Password (bound parameters)
    "[<>]", // <your token>, Array<string>
  ].join("|"),
);

/** %s, %(password)s, %v: printf-style verbs. */
const FORMAT_VERB = /%(?:\(\w+\))?[-+ 0#]*\d*[sdvqrx]/g;

/**
 * A format string: "postgres://%s:%s@%s", "Bearer %s". A generated password may hold "%s"
 * by chance ("loOAdc%Hq%sUVkd5"); what is left of it without the verbs is still random.
 */
function isFormatString(value: string): boolean {
  if (!value.includes("%")) return false;
  const rest = value.replace(FORMAT_VERB, "");
  return rest !== value && !looksRandom(rest, 3);
}

/**
 * A path: `/etc/app/key.pem`, `./secrets`, `~/.aws`. A generated key in base64 may start with
 * `/` too (1 in 32 does), and is no path: it is one random run with no word in it.
 */
function isPath(value: string): boolean {
  if (!/^(?:\.{0,2}\/|~\/)/.test(value)) return false;
  return !(value.length >= 20 && /^\/[A-Za-z0-9+/]+={0,2}$/.test(value) && looksRandom(value, 3.5));
}

/** A file name: `secrets.json`; not a generated secret that has a dot near its end. */
function isFileName(value: string): boolean {
  const m = /\.[a-z]{2,4}$/.exec(value);
  return m !== null && !looksRandom(value.slice(0, m.index), 3.5);
}

/** Masks, documented examples and sample words. */
const EXAMPLE_VALUE = /example|placeholder|changeme|change_me|redacted|dummy|sample|your[-_]|\*{3,}|\.{3}/i;
/**
 * A mask: runs of "xxxx" or "XXXX" that make a good part of the value ("sk_live_xxxxxxxx",
 * "XXXX-XXXX-XXXX"), not the "XXxx" or the one "XXXX" a long random value holds by chance.
 */
function isMasked(value: string): boolean {
  let masked = 0;
  for (const m of value.matchAll(/x{4,}|X{4,}/g)) masked += m[0].length;
  return masked >= 8 || (masked > 0 && masked * 3 >= value.length);
}

/**
 * Keys published on purpose: the storage emulators' (Azurite, the Azure Storage Emulator)
 * one account key, the same in every installation.
 */
const PUBLISHED_KEYS = new Set([
  ["Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq", "/K1SZFPTOtr/KBHBeksoGMGw=="].join(""),
]);

/** What stands where a secret will go: an interpolation, a path, a mask, a sample word. */
export function isPlaceholder(value: string): boolean {
  return (
    NOT_A_LITERAL.test(value) ||
    isFormatString(value) ||
    isPath(value) ||
    isFileName(value) ||
    /^(?:x+|\*+|#+|\.+|-+)$/i.test(value) ||
    EXAMPLE_VALUE.test(value) ||
    isMasked(value) ||
    /^replace[-_]?me$/i.test(value) ||
    PUBLISHED_KEYS.has(value)
  );
}

/**
 * What stands in a settings file where a password will go, judged leniently because a
 * password manager's value holds any sign (`{`, `<`, `%`, `$` at its start): a whole-value
 * reference (`${DB_PASSWORD}`, `$DB_PASSWORD`, `%DB_PASSWORD%`, `<password>`), a
 * template, an encrypted value (sops' `ENC[...]`, Jasypt's `ENC(...)`, a `!vault` tag), a
 * path, a mask or a sample word.
 */
const SETTINGS_REFERENCE =
  /^(?:\$\{[^}]+\}|\$\([^)]+\)|\$[A-Za-z_]\w*|%[A-Za-z_]\w*%|<[^>]+>|ENC[[(].*|!.*)$|\$\{[\w.:-]+(?::-[^}]*)?\}|\{\{|\{%/;
export function isSettingsPlaceholder(value: string): boolean {
  return (
    SETTINGS_REFERENCE.test(value) ||
    isPath(value) ||
    isFileName(value) ||
    isFormatString(value) ||
    /^(?:x+|\*+|#+|\.+|-+)$/i.test(value) ||
    EXAMPLE_VALUE.test(value) ||
    /^replace[-_]?me$/i.test(value) ||
    /^[a-z][a-z0-9+.-]*:\/\//i.test(value)
  );
}

/**
 * A value a person or a password manager made, under a password's name in a settings
 * file: 12 or more characters, any signs, no words, not a tutorial's password.
 */
export function isSettingsPassword(value: string): boolean {
  if (value.length < 12 || value.length > 128 || !/[A-Za-z]/.test(value)) return false;
  if (isSettingsPlaceholder(value) || TRIVIAL_PASSWORD.test(value) || isWordy(value)) return false;
  // Lower case joined by dashes, dots or underscores names a resource (`existingSecret:
  // api-postgresql`) unless it is random with digits.
  if (/^[a-z0-9]+(?:[-_.][a-z0-9]+)*$/.test(value) && !looksRandom(value, 3)) return false;
  return shannonEntropy(value) >= entropyFloor(value.length, 3);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Dates and timestamps: "2016-09-08T21:47:36Z", "2024-01-15 10:30:00+02:00". */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
/** Digests by name: lockfile integrity strings, image digests. */
const DIGEST = /^(?:sha(?:1|224|256|384|512)|md5)[-:]/i;
/** Resource names: an ARN names a key or a secret, it does not hold one. */
const RESOURCE_NAME = /^arn:/;
/** Ciphertext of Bitnami sealed-secrets, which is safe to commit by design. */
const SEALED = /^Ag[A-D][A-Za-z0-9+/]{300,}={0,2}$/;

export const isUuid = (value: string) => UUID.test(value);

/** Shapes that are never a secret whatever name they sit under (a UUID is judged by the name). */
export function isPublicShape(value: string): boolean {
  return TIMESTAMP.test(value) || DIGEST.test(value) || RESOURCE_NAME.test(value) || SEALED.test(value);
}

/**
 * `process.env.TOKEN`, `config.auth.secret`: a bare dotted name is code. Dotted tokens
 * (SendGrid's, Discord's) have the same shape, but their parts are random runs, which no
 * one names a variable or a property with.
 */
const MEMBER_EXPRESSION = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/;
export const isMemberExpression = (value: string) =>
  MEMBER_EXPRESSION.test(value) && !value.split(".").some((part) => looksRandom(part, 3));

/** The passwords that tutorials and test setups use, with or without digits and signs. */
const TRIVIAL_PASSWORD =
  /^(?:my|your|the|new|old|test|dev|local)?[-_]?(?:pass(?:word|wd)?|pwd|secret|admin(?:istrator)?|root|test(?:ing)?|user|guest|changeme|default|demo|example|sample|qwerty|letmein|welcome|foobar|foo|bar|abc|hello|postgres|mysql|redis|dev|local)[-_.!@#]?\d*[-_.!@#]?$/i;

/** Words that make a value a description of a secret rather than one ("my-password-here"). */
const NAMES_A_SECRET = /pass(?:word|wd|phrase)|secret|token|credential|api[-_]?key/i;

/**
 * A password as people choose them: several ordinary words ("correct-horse-battery-staple"),
 * a word with a year and a sign ("Summer2024!Pass"), or a random run. Not a single plain
 * word, not a tutorial's "password123", not a value that only names a password.
 */
export function isHumanPassword(value: string): boolean {
  if (value.length < MIN_SECRET_LENGTH || value.length > 128) return false;
  if (TRIVIAL_PASSWORD.test(value) || /^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return false;
  if (NAMES_A_SECRET.test(value) && isWordy(value)) return false;
  const hasDigit = /\d/.test(value);
  const hasSign = /[^A-Za-z0-9]/.test(value);
  if (!/[A-Za-z]/.test(value)) return value.length >= 10 && hasSign && hasDigit;
  if (hasDigit) return true;
  // Letters only: several words joined by signs, as passphrases are written.
  const words = value.split(/[^A-Za-z]+/).filter(Boolean);
  if (hasSign) return words.length >= 3;
  return !isWordy(value) && (looksRandom(value, 3) || isRandomLetters(value));
}

/**
 * Letters only, both cases, 12 or more, no words: a generated password of a generator set
 * to letters (1 in 8 of 12 letters-and-digits has no digit), not a name of code, which
 * is made of words.
 */
function isRandomLetters(value: string): boolean {
  return value.length >= 12 && /[a-z]/.test(value) && /[A-Z]/.test(value) && shannonEntropy(value) >= entropyFloor(value.length, 3);
}

/** Hosts that RFC 2606 reserves for documentation and tests. */
const EXAMPLE_HOST = /(?:^|\.)(?:example\.(?:com|net|org)|example|test|invalid)$/i;

export function isPlaceholderPassword(password: string, user: string, host: string): boolean {
  return (
    password.length < 3 ||
    password === user ||
    password.startsWith("[REDACTED:") ||
    EXAMPLE_HOST.test(host) ||
    NOT_A_LITERAL.test(password) ||
    isFormatString(password) ||
    isPath(password) ||
    isFileName(password) ||
    /^(?:x+|\*+|\.+)$/i.test(password) ||
    /^(?:your[-_]?)?(?:pass(?:word|wd)?|pwd|secret|changeme|example|placeholder|redacted)$/i.test(password)
  );
}
