/**
 * Names and keywords: which names hold a secret (`DB_PASSWORD`, `clientSecret`,
 * `api_key`), and which only describe one (`tokenUrl`, `passwordField`) or hold something
 * else under a secret-like word (`NextToken`, a pagination cursor; `clientToken`, an
 * idempotency key; `PasswordLastUsed`, a date). Like gitleaks' generic rule, a name is the
 * first filter; unlike it, the words are read one by one, not as substrings.
 */

/** Keywords of the prefilter and of the name scan: every secret name holds one. */
export const NAME_KEYWORDS = [
  "pass", "pwd", "secret", "token", "api[_-]?key", "access[_-]?key", "private[_-]?key", "auth", "credential",
  "account[_-]?key", "licen(?:c|s)e", "[_-]key", "(?:encryption|signing|master|session|jwt|hmac)key", "[_-]salt",
].join("|");

/** Keywords of a name that settings files separate from its value by spaces only. */
export const SPACED_KEYWORDS = "pass|secret|token";

/**
 * What may follow the secret-like word in a name. Bounded, because an unbounded run would
 * be scanned again from every keyword in it: quadratic on a long line of names.
 */
export const NAME_REST = String.raw`[\w$.-]{0,64}`;

/**
 * How a name holds a secret, which decides what value counts: a person's password may be
 * made of words, a generated secret may not; a token may not be a UUID (idempotency and
 * request tokens are); a bare `..._KEY` needs a random value in a settings file.
 */
export type NameClass = "password" | "license" | "secret" | "token" | "key";

const PASSWORD_WORDS = new Set(["password", "passwd", "passphrase", "pass", "pwd", "pw"]);
const SECRET_WORDS = new Set(["secret", "apikey", "auth", "authorization", "credential", "credentials", "creds"]);
/** Words ending like this name a secret too ("dbpassword", "jwtsecret", "authtoken"). */
const PASSWORD_ENDINGS = ["password", "passwd", "passphrase"];
const PASSES_ON = new Set(["proxy", "fastcgi", "uwsgi", "scgi", "grpc", "memcached"]);
/** Words ending in "pass" that are no password. */
const NOT_PASSWORDS = new Set(["bypass", "compass", "surpass", "overpass", "underpass", "trespass", "encompass", "subpass", "multipass", "firstpass", "onepass"]);
const SECRET_ENDINGS = ["secret", "apikey"];
/** Two-word names: "api_key", "accessKey", "PRIVATE-KEY", "encryptionKey"; the first word says the key is a secret. */
const SECRET_PAIRS = new Set([
  "api key", "access key", "private key", "secret key", "auth key", "master key", "account key", "encryption key",
  "signing key", "session key", "jwt key", "hmac key",
]);
const LICENSE_WORDS = new Set(["license", "licence"]);
/**
 * Before "token", these name something that is not a credential: pagination cursors
 * (AWS `NextToken`, Google `pageToken`), idempotency keys (`clientToken`), cancellation.
 */
const NOT_CREDENTIAL_TOKEN = new Set([
  "next", "page", "continuation", "pagination", "cursor", "client", "idempotency", "sync", "resume",
  "cancel", "cancellation", "start", "starting", "marker", "prev", "previous", "last", "end", "lexer",
  "parser", "syntax", "request", "csrf", "xsrf", "verification", "max", "min", "total", "count",
]);
/** Before "key", these name a lookup key, not a secret one. */
const NOT_SECRET_KEY = new Set([
  "public", "primary", "foreign", "sort", "partition", "cache", "object", "hash", "range", "row", "map",
  "lookup", "idempotency", "dedupe", "dedup", "unique", "composite", "index", "the", "a", "by", "group",
  "query", "route", "translation", "i18n", "react", "list", "item", "entry", "s3", "dictionary",
]);
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
  "settings", "used", "date", "time", "timestamp", "at", "age", "changed", "created", "updated",
  "reset", "input", "prompt", "text", "title", "button", "icon", "strength", "rule", "rules",
  "selector", "visible", "visibility", "arn", "status", "state", "binary", "blob", "buffer",
  "reference", "param", "params", "parameter", "arg", "args", "command", "cmd", "request",
  "response", "result", "output", "input", "event", "events", "length", "index", "digest",
  "hash", "sha", "checksum", "id", "identifier", "file", "helper", "util", "utils", "spec",
  "test", "tests", "mock", "stub", "example", "sample", "template", "component", "view",
  "page", "form", "dialog", "modal", "screen", "route", "controller", "module", "plugin",
  "strategy", "generator", "parser", "serializer", "encoder", "decoder", "loader", "reader",
  "writer", "client", "builder", "type", "def", "description", "doc", "docs", "help",
]);

/** The words of a name: camelCase, acronyms, snake, kebab and dots split, lowercased. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z])([A-Z][a-z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** How `name` holds a secret, or null when it does not hold one. */
export function nameClass(name: string): NameClass | null {
  const words = nameWords(name);
  const last = words.at(-1);
  if (last === undefined || DESCRIBING_WORDS.has(last)) return null;
  let found: NameClass | null = null;
  const rank: Record<NameClass, number> = { password: 0, license: 1, secret: 2, token: 3, key: 4 };
  const take = (c: NameClass) => {
    if (found === null || rank[c] < rank[found]) found = c;
  };
  words.forEach((word, i) => {
    const before = i > 0 ? words[i - 1]! : "";
    // nginx's `proxy_pass`, `fastcgi_pass`: where to pass a request on, not a password.
    if (word === "pass" && PASSES_ON.has(before)) return;
    if (PASSWORD_WORDS.has(word) || PASSWORD_ENDINGS.some((e) => word.endsWith(e)) || (word.endsWith("pass") && !NOT_PASSWORDS.has(word))) take("password");
    else if (LICENSE_WORDS.has(before) && (word === "key" || word === "code" || word === "token")) take("license");
    else if (word.endsWith("licensekey") || word.endsWith("licencekey")) take("license");
    else if (SECRET_WORDS.has(word) || SECRET_ENDINGS.some((e) => word.endsWith(e)) || SECRET_PAIRS.has(`${before} ${word}`)) {
      take("secret");
    } else if (word === "token" || (word.endsWith("token") && word.length > 5)) {
      if (!NOT_CREDENTIAL_TOKEN.has(before) && !NOT_CREDENTIAL_TOKEN.has(word.slice(0, -5))) take("token");
    } else if (word === "key" && i === words.length - 1 && i > 0 && !NOT_SECRET_KEY.has(before)) take("key");
  });
  return found;
}

/** A name in the style of an environment variable: `STRIPE_KEY`, `APP_KEY`. */
export const isEnvStyleName = (name: string) => /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(name);
