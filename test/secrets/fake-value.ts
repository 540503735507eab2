/**
 * Fresh fake values for the placeholders of the secret corpus (fixtures/secrets/). A
 * placeholder is `{{name}}` or `{{name:arg}}`; `{{public:name...}}` is the same value
 * labelled as no secret (a UUID, a hash, a timestamp). Every value is built here at run time
 * from a seeded random source, so no file of the repository holds a string that a secret
 * scanner (ours included) would stop at, and no detector can learn the corpus by heart.
 */
import type { Random } from "./seeded-random.js";

export interface FakeValue {
  text: string;
  /** The pieces that must not survive redaction (a key's body lines, not its armor). */
  parts: string[];
  /** One line of a private key body: consecutive such lines are one secret. */
  keyLine?: boolean;
}

const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const LOWER = "abcdefghijklmnopqrstuvwxyz";
const DIGITS = "0123456789";
const ALNUM = UPPER + LOWER + DIGITS;
const HEX = "0123456789abcdef";
const BASE64 = ALNUM + "+/";
const URL_SAFE = ALNUM + "_-";
const BASE32 = UPPER + "234567";
const BECH32 = "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L";

/** Ordinary words, none of which names a secret: what people build passphrases from. */
const WORDS = (
  "apple orbit maple candle river falcon copper meadow harbor violet thunder lemon " +
  "garden silver rocket pepper winter summer autumn spring marble tiger canyon willow " +
  "anchor breeze cobalt dragon ember forest glacier hollow island jasper kettle lantern " +
  "mango nectar oyster pebble quartz raven saddle timber umbrella velvet walnut yonder " +
  "zephyr bishop castle donkey engine fossil guitar hammer igloo jungle koala ladder " +
  "mirror noodle olive parrot quiver rabbit salmon tunnel unicorn valley wizard yellow " +
  "battery staple horse correct monkey sunset pirate banana coffee dolphin"
).split(" ");
const SYMBOLS = "!%*+.=_-";
const USERS = ["deploy", "ci-bot", "admin", "svc_backend", "jenkins", "release", "app", "dbadmin"];

const b64 = (bytes: Buffer) => bytes.toString("base64");
const b64url = (text: string) => Buffer.from(text).toString("base64url");
const randomBytes = (random: Random, n: number) => Buffer.from(Array.from({ length: n }, () => random.int(256)));
const capital = (word: string) => word[0]!.toUpperCase() + word.slice(1);
const uuid = (random: Random) =>
  [8, 4, 4, 4, 12].map((n, i) => (i === 2 ? "4" + random.string(n - 1, HEX) : random.string(n, HEX))).join("-");

function password(style: string, random: Random): string {
  const word = () => random.pick(WORDS);
  switch (style) {
    case "words": // correct-horse-battery-staple
      return Array.from({ length: 3 + random.int(3) }, word).join(random.pick(["-", "-", "_", "."]));
    case "policy": // Summer2024!Password
      return `${capital(word())}${2019 + random.int(8)}${random.pick([..."!%*."])}${capital(word())}`;
    case "phrase": // CopperMeadow42
      return `${capital(word())}${capital(word())}${10 + random.int(90)}`;
    case "random": // what a password manager gives, in characters safe in any config file
      return random.string(1, LOWER) + random.string(14 + random.int(8), ALNUM + SYMBOLS) + random.string(1, DIGITS);
    case "url": // safe inside a URL without percent-encoding
      return random.string(1, UPPER) + random.string(12 + random.int(10), ALNUM + "-._~") + random.string(1, DIGITS);
    case "alnum":
      return random.string(1, LOWER) + random.string(10 + random.int(14), ALNUM) + random.string(1, DIGITS);
    default:
      throw new Error(`unknown password style "${style}" (words, policy, phrase, random, url, alnum)`);
  }
}

function jwt(random: Random): string {
  const now = 1_700_000_000 + random.int(50_000_000);
  const header = b64url(JSON.stringify({ alg: random.pick(["HS256", "RS256"]), typ: "JWT" }));
  const payload = b64url(
    JSON.stringify({ sub: uuid(random), iat: now, exp: now + 3600, scope: random.pick(["read write", "admin", "api"]) }),
  );
  return `${header}.${payload}.${random.string(43, URL_SAFE)}`;
}

/** Body lines of a PEM key: the DER start of its kind, then random base64, 64 per line. */
const KEY_KINDS: Record<string, { label: string; start: string; width: number }> = {
  rsa: { label: "RSA PRIVATE KEY", start: "MIIEpAIBAAKCAQEA", width: 64 },
  openssh: { label: "OPENSSH PRIVATE KEY", start: "b3BlbnNzaC1rZXktdjEAAAAA", width: 70 },
  ec: { label: "EC PRIVATE KEY", start: "MHcCAQEEI", width: 64 },
  pkcs8: { label: "PRIVATE KEY", start: "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC", width: 64 },
  encrypted: { label: "ENCRYPTED PRIVATE KEY", start: "MIIFHDBOBgkqhkiG9w0BBQ0wQTApBgkq", width: 64 },
  dsa: { label: "DSA PRIVATE KEY", start: "MIIBuwIBAAKBgQD", width: 64 },
};

function keyBody(kind: string, random: Random): { label: string; lines: string[] } {
  const spec = KEY_KINDS[kind];
  if (!spec) throw new Error(`unknown key kind "${kind}" (${Object.keys(KEY_KINDS).join(", ")})`);
  const count = kind === "ec" ? 3 : 8 + random.int(18);
  const body = spec.start + random.string(count * spec.width - spec.start.length, BASE64);
  const lines: string[] = [];
  for (let at = 0; at < body.length; at += spec.width) lines.push(body.slice(at, at + spec.width));
  lines.push(random.string(8 + random.int(40), BASE64) + random.pick(["", "=", "=="]));
  return { label: spec.label, lines };
}

type Generator = (arg: string | undefined, random: Random) => FakeValue;
const single = (make: (arg: string | undefined, random: Random) => string): Generator => (arg, random) => {
  const text = make(arg, random);
  return { text, parts: [text] };
};
const length = (arg: string | undefined, fallback: number) => {
  const n = arg === undefined ? fallback : Number(arg);
  if (!Number.isInteger(n) || n < 1) throw new Error(`"${arg}" is not a length`);
  return n;
};

/** Tokens in the shapes their issuers publish; a placeholder `{{secret:NAME}}`. */
const PROVIDER_TOKENS: Record<string, (random: Random) => string> = {
  "aws-key-id": (r) => "AK" + "IA" + r.string(16, BASE32),
  "aws-temp-key-id": (r) => "AS" + "IA" + r.string(16, BASE32),
  "aws-secret": (r) => r.string(40, BASE64),
  "aws-session-token": (r) => "IQoJb3JpZ2lu" + "X2VjE" + r.string(340, BASE64) + "==",
  "github-pat": (r) => "gh" + "p_" + r.string(36, ALNUM),
  "github-oauth": (r) => "gh" + "o_" + r.string(36, ALNUM),
  "github-app": (r) => "gh" + "s_" + r.string(36, ALNUM),
  "github-fine": (r) => "github" + "_pat_" + "11" + r.string(20, UPPER + DIGITS) + "_" + r.string(59, ALNUM),
  "gitlab-pat": (r) => "gl" + "pat-" + r.string(20, URL_SAFE),
  "gitlab-runner": (r) => "gl" + "rt-" + r.string(20, URL_SAFE),
  "slack-bot": (r) => "xo" + "xb-" + r.string(12, DIGITS) + "-" + r.string(13, DIGITS) + "-" + r.string(24, ALNUM),
  "slack-user": (r) =>
    "xo" + "xp-" + r.string(12, DIGITS) + "-" + r.string(12, DIGITS) + "-" + r.string(13, DIGITS) + "-" + r.string(32, HEX),
  "stripe-live": (r) => "sk" + "_live_" + r.string(24 + r.int(76), ALNUM),
  "stripe-test": (r) => "sk" + "_test_" + r.string(24 + r.int(76), ALNUM),
  "stripe-restricted": (r) => "rk" + "_live_" + r.string(24 + r.int(76), ALNUM),
  "stripe-webhook": (r) => "wh" + "sec_" + r.string(32, ALNUM),
  openai: (r) => "sk" + "-proj-" + r.string(74, URL_SAFE) + "T3Blbk" + "FJ" + r.string(74, URL_SAFE),
  "openai-legacy": (r) => "sk" + "-" + r.string(20, ALNUM) + "T3Blbk" + "FJ" + r.string(20, ALNUM),
  anthropic: (r) => "sk" + "-ant-api03-" + r.string(93, URL_SAFE) + "AA",
  google: (r) => "AI" + "za" + r.string(35, URL_SAFE),
  sendgrid: (r) => "S" + "G." + r.string(22, URL_SAFE) + "." + r.string(43, URL_SAFE),
  npm: (r) => "np" + "m_" + r.string(36, ALNUM),
  jwt: (r) => jwt(r),
  "twilio-key": (r) => "S" + "K" + r.string(32, HEX),
  mailgun: (r) => "ke" + "y-" + r.string(32, HEX),
  huggingface: (r) => "h" + "f_" + r.string(34, UPPER + LOWER),
  pypi: (r) => "py" + "pi-AgEIcHlwaS5vcmc" + r.string(150, URL_SAFE),
  shopify: (r) => "sh" + "pat_" + r.string(32, HEX),
  digitalocean: (r) => "do" + "p_v1_" + r.string(64, HEX),
  databricks: (r) => "da" + "pi" + r.string(32, HEX),
  vault: (r) => "hv" + "s." + r.string(24, ALNUM),
  grafana: (r) => "gl" + "sa_" + r.string(32, ALNUM) + "_" + r.string(8, HEX),
  linear: (r) => "lin" + "_api_" + r.string(40, ALNUM),
  postman: (r) => "PM" + "AK-" + r.string(24, HEX) + "-" + r.string(34, HEX),
  newrelic: (r) => "NR" + "AK-" + r.string(27, UPPER + DIGITS),
  telegram: (r) => r.string(10, DIGITS) + ":AA" + r.string(33, URL_SAFE),
  discord: (r) => "M" + r.string(23, ALNUM) + "." + r.string(6, URL_SAFE) + "." + r.string(27, URL_SAFE),
  sonar: (r) => "sq" + "u_" + r.string(40, HEX),
  rubygems: (r) => "ruby" + "gems_" + r.string(48, HEX),
  dockerhub: (r) => "dckr" + "_pat_" + r.string(27, URL_SAFE),
  age: (r) => "AGE-SECRET" + "-KEY-1" + r.string(58, BECH32),
  "azure-storage-key": (r) => b64(randomBytes(r, 64)),
  "azure-sas-sig": (r) => encodeURIComponent(b64(randomBytes(r, 32))),
  "azure-client-secret": (r) => r.string(3, ALNUM) + "8Q~" + r.string(34, URL_SAFE + "."),
  "datadog-api": (r) => r.string(32, HEX),
  "crates-io": (r) => "ci" + "o" + r.string(32, ALNUM),
  "google-oauth-access": (r) => "ya" + "29." + r.string(120, URL_SAFE),
  "google-oauth-refresh": (r) => "1/" + "/0" + r.string(90, URL_SAFE),
  // Sidekiq Enterprise's gem source credentials: `user:password`, both 8 hex digits.
  fcm: (r) => "AAAA" + r.string(7, URL_SAFE) + ":APA91b" + r.string(134, URL_SAFE),
  django: (r) => "django-insecure-" + r.string(50, LOWER + DIGITS + "!@#%^&*(-_=+)"),
  "google-client-secret": (r) => "GOC" + "SPX-" + r.string(28, URL_SAFE),
  contribsys: (r) => r.string(8, HEX) + ":" + r.string(8, HEX),
  "shared-hex": (r) => r.string(40, HEX),
};

/** Webhook URLs: the URL is the credential, but only its token is secret; ids and host are not. */
const WEBHOOKS: Record<string, (random: Random) => [string, string]> = {
  "slack-webhook": (r) => [
    `https://hooks.slack.com/services/T${r.string(10, UPPER + DIGITS)}/B${r.string(10, UPPER + DIGITS)}/`,
    r.string(24, ALNUM),
  ],
  "discord-webhook": (r) => [`https://discord.com/api/webhooks/${r.string(18, DIGITS)}/`, r.string(68, URL_SAFE)],
};

const GENERATORS: Record<string, Generator> = {
  secret: (name, random) => {
    const webhook = name === undefined ? undefined : WEBHOOKS[name];
    if (webhook) {
      const [url, token] = webhook(random);
      return { text: url + token, parts: [token] };
    }
    const make = name === undefined ? undefined : PROVIDER_TOKENS[name];
    if (!make) {
      throw new Error(`unknown token "${name}" (${[...Object.keys(PROVIDER_TOKENS), ...Object.keys(WEBHOOKS)].join(", ")})`);
    }
    const text = make(random);
    return { text, parts: [text] };
  },
  password: single((style, random) => password(style ?? "random", random)),
  "base64-of-password": single((style, random) => Buffer.from(password(style ?? "random", random)).toString("base64")),
  "basic-auth": single((style, random) => b64(Buffer.from(`${random.pick(USERS)}:${password(style ?? "random", random)}`))),
  base64: single((n, random) => random.string(length(n, 44), BASE64)),
  hex: single((n, random) => random.string(length(n, 32), HEX)),
  alnum: single((n, random) => random.string(1, LOWER) + random.string(length(n, 32) - 2, ALNUM) + random.string(1, DIGITS)),
  uuid: single((_, random) => uuid(random)),
  "upper-uuid": single((_, random) => uuid(random).toUpperCase()),
  digits: single((n, random) => random.string(1, "123456789") + random.string(length(n, 12) - 1, DIGITS)),
  "license-key": single((shape, random) => {
    const [groups, size] = (shape ?? "5x5").split("x").map(Number);
    return Array.from({ length: groups! }, () => random.string(size!, UPPER + DIGITS)).join("-");
  }),
  // A whole PEM block, one line per body line; indented like the placeholder's line.
  "private-key": (kind, random) => {
    const { label, lines } = keyBody(kind ?? "rsa", random);
    return { text: [`-----BEGIN ${label}-----`, ...lines, `-----END ${label}-----`].join("\n"), parts: lines };
  },
  // The same block as JSON and many languages keep it: on one line with `\n` escapes.
  "private-key-escaped": (kind, random) => {
    const { label, lines } = keyBody(kind ?? "rsa", random);
    return { text: [`-----BEGIN ${label}-----`, ...lines, `-----END ${label}-----`, ""].join("\\n"), parts: lines };
  },
  // One body line of a key, for hunks that edit a key file in the middle.
  "key-line": (n, random) => {
    const text = n === "last" ? random.string(20 + random.int(40), BASE64) + "==" : random.string(length(n, 64), BASE64);
    return { text, parts: [text], keyLine: true };
  },
};

/** Values that are no secret, for `{{public:...}}` (the secret generators work there too). */
const PUBLIC_GENERATORS: Record<string, Generator> = {
  sha1: single((_, random) => random.string(40, HEX)),
  sha256: single((_, random) => random.string(64, HEX)),
  md5: single((_, random) => random.string(32, HEX)),
  "sha512-integrity": single((_, random) => "sha512-" + b64(randomBytes(random, 64))),
  "iso-time": single((_, random) => new Date(Date.UTC(2015, 0, 1) + random.int(3e11)).toISOString().replace(/\.\d+Z$/, "Z")),
  epoch: single((_, random) => String(1_500_000_000 + random.int(300_000_000))),
  semver: single((_, random) => `${random.int(20)}.${random.int(40)}.${random.int(20)}`),
  // What APIs hand back to page through results: base64 of a small JSON document.
  "pagination-token": single((_, random) =>
    b64(Buffer.from(JSON.stringify({ Marker: null, offset: random.int(5000), boto_truncate_amount: 1 + random.int(9) }))),
  ),
};

/**
 * `{{name}}` or `{{name:arg}}` for a generator's name; other double braces (a template's
 * `{{resolve:ssm:...}}`, `${{ secrets.X }}`) are text of the case.
 */
export const PLACEHOLDER = new RegExp(
  String.raw`\{\{((?:public:)?(?:${[...new Set([...Object.keys(GENERATORS), ...Object.keys(PUBLIC_GENERATORS)])]
    .sort((a, b) => b.length - a.length)
    .join("|")})(?::[^{}\s]+)?)\}\}`,
  "g",
);

/** The value for one placeholder's spec (`name` or `name:arg`, without braces). */
export function fakeValue(spec: string, random: Random): FakeValue & { secret: boolean } {
  const isPublic = spec.startsWith("public:");
  const [name, ...rest] = (isPublic ? spec.slice("public:".length) : spec).split(":");
  const arg = rest.length ? rest.join(":") : undefined;
  const generate = (isPublic ? PUBLIC_GENERATORS[name!] : undefined) ?? GENERATORS[name!];
  if (!generate) {
    const names = [...Object.keys(GENERATORS), ...Object.keys(PUBLIC_GENERATORS).map((n) => `public:${n}`)];
    throw new Error(`unknown placeholder {{${spec}}}: use one of ${names.join(", ")}`);
  }
  return { ...generate(arg, random), secret: !isPublic };
}
