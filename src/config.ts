/**
 * The one configuration schema: `.ai-review.yml`, environment variables and command-line
 * flags (later: Action inputs) all land in this shape, validated by zod. Keys are
 * snake_case because that is how users write them in YAML and Action inputs.
 */
import { readFile } from "node:fs/promises";
import { parse as parseYaml, YAMLParseError } from "yaml";
import { z } from "zod";
import { SEVERITIES } from "./core/finding.js";
import { priceOf } from "./core/price-of-model.js";
import { configGlobMatcher } from "./core/select/config-glob-matcher.js";
import { UserError } from "./core/user-error.js";
import { OUTPUT_CAP_FIELDS } from "./llm/output-cap-field.js";
import { DEFAULT_RESPONSE_FORMAT, RESPONSE_FORMAT_MODES } from "./llm/response-format-mode.js";
import { unsendableHeaderValue } from "./llm/unsendable-header-value.js";

const severity = z.enum(SEVERITIES);

/**
 * A whole number in a range that works. Limits are checked here, not where they are used:
 * `timeout_ms: 1e12` once passed and made every call fail at once, because Node's timers
 * fire immediately above 2^31-1 ms. The message says the range, so the fix is obvious.
 */
function wholeNumber(min: number, max: number, unit: string) {
  const message = `must be a whole number from ${min.toLocaleString("en-US")} to ${max.toLocaleString("en-US")} (${unit})`;
  return z.number().int(message).min(min, message).max(max, message);
}

function amount(min: number, max: number, unit: string) {
  const message = `must be from ${min.toLocaleString("en-US")} to ${max.toLocaleString("en-US")} (${unit})`;
  return z.number().min(min, message).max(max, message);
}

/** The ranges of every numeric key, documented in the README's Configuration table. */
export const LIMITS = {
  context_window: wholeNumber(1_024, 10_000_000, "tokens"),
  max_output_tokens: wholeNumber(256, 1_000_000, "tokens"),
  request_token_budget: wholeNumber(50, 10_000_000, "tokens"),
  review_token_budget: wholeNumber(50, 100_000_000, "tokens"),
  context_lines: wholeNumber(0, 100, "lines"),
  max_file_bytes: wholeNumber(1_000, 100_000_000, "bytes"),
  price_per_million: amount(0, 10_000, "USD per million tokens"),
  small_change_lines: wholeNumber(0, 10_000, "changed lines"),
  budget_tokens: wholeNumber(1_000, 1_000_000_000, "tokens"),
  budget_usd: amount(0.001, 100_000, "USD"),
  concurrency: wholeNumber(1, 64, "requests"),
  // Above 10 minutes a request is hung, not slow; Node's timers break above 2^31-1 ms anyway.
  timeout_ms: wholeNumber(1_000, 600_000, "milliseconds"),
  max_retries: wholeNumber(0, 10, "retries"),
  max_inline_comments: wholeNumber(0, 1_000, "comments"),
  // Cloudflare AI Gateway caches for at most a month.
  cache_ttl: wholeNumber(1, 2_592_000, "seconds"),
};

/** An http(s) URL without credentials: a password in it would be echoed in messages. */
function checkBaseUrl(value: string, ctx: z.RefinementCtx): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    ctx.addIssue({ code: "custom", message: `not a URL; write it in full, like http://localhost:11434/v1` });
    return;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    ctx.addIssue({ code: "custom", message: `must start with http:// or https://, like http://localhost:11434/v1` });
  } else if (url.username || url.password) {
    ctx.addIssue({ code: "custom", message: "must not hold a user or password; put the key in OPENAI_API_KEY" });
  }
}

/** An environment variable's name, the only place a gateway secret may come from. */
const envName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be the name of an environment variable, like CF_AIG_TOKEN");

/**
 * `{ env: NAME }`: the header's value is read from the environment when the review runs. A
 * literal value is refused: a config file is committed, and a header value is usually a key.
 */
const headerValue = z.strictObject(
  { env: envName },
  {
    error: (issue) =>
      issue.code === "invalid_type"
        ? "header values are never written in the config file (it is committed, and they are usually keys): " +
          "put the value in an environment variable and write { env: VARIABLE_NAME }"
        : undefined,
  },
);

/** USD per million tokens, or `free` (a local model). */
const modelPrice = z.union([
  z.literal("free"),
  z.strictObject({
    input: LIMITS.price_per_million.describe("USD per million input (prompt) tokens."),
    output: LIMITS.price_per_million.describe("USD per million output (completion) tokens."),
  }),
], {
  error: (issue) => (issue.code === "invalid_union" ? "must be free or { input: USD per million tokens, output: USD per million tokens }" : undefined),
});

const headerName = z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, "not a valid HTTP header name");

/**
 * Headers ai-review sends from its own settings. One of them in `headers` would quietly
 * undo a setting (zero retention's `cf-aig-collect-log-payload: false`, bring-your-own-key's
 * missing Authorization), so it is refused with the setting to use.
 */
const OWN_HEADERS: Record<string, string> = {
  authorization: "from OPENAI_API_KEY, or none with byok: true",
  "cf-aig-authorization": "from CF_AIG_TOKEN, or the variable gateway_token_env names",
  "cf-aig-metadata": "with the review's repository, change, head, trigger and version",
  "cf-aig-collect-log-payload": "by zero_retention: true",
  "cf-aig-cache-ttl": "by cache_ttl",
};

/** A glob the select stage can use; its own error says what to write instead. */
const pathGlob = z.string().superRefine((pattern, ctx) => {
  try {
    configGlobMatcher(pattern);
  } catch (error) {
    ctx.addIssue({ code: "custom", message: (error as Error).message });
  }
});

export const configSchema = z
  .strictObject({
    model: z.string().min(1).default("gpt-4o-mini").describe("Model name sent to the gateway (env AI_REVIEW_MODEL)."),
    fallback_models: z
      .array(z.string().min(1))
      .default([])
      .describe("Models tried in order when the one before fails with a 5xx, a timeout, 404 (model not found) or a context-length error."),
    summary_model: z
      .string()
      .min(1)
      .optional()
      .describe("A lighter model for the summary pass (then model and fallback_models if it fails). Default: model."),
    small_change_lines: LIMITS.small_change_lines
      .default(40)
      .describe("A change of at most this many changed lines that fits one request gets one pass: no separate summary pass. 0: never."),
    base_url: z
      .string()
      .superRefine(checkBaseUrl)
      .optional()
      .describe("OpenAI-compatible base URL (env OPENAI_BASE_URL); the SDK's default when absent."),
    api_key: z
      .string()
      .trim()
      .min(1)
      .superRefine((key, ctx) => {
        // Sent as `Authorization: Bearer <key>`; the message must not show the key.
        const problem = unsendableHeaderValue(key);
        if (problem) ctx.addIssue({ code: "custom", message: `${problem}: set OPENAI_API_KEY to the key alone, on one line` });
      })
      .optional()
      .describe("API key (env OPENAI_API_KEY). Prefer the environment: a key in a committed file is a leaked key."),
    context_window: LIMITS.context_window.default(128_000).describe("The model's context window, in tokens."),
    max_output_tokens: LIMITS.max_output_tokens.default(4_096).describe("Room kept for each answer; sent as max_tokens."),
    request_token_budget: LIMITS.request_token_budget
      .optional()
      .describe("Diff tokens per request. Default: context_window - max_output_tokens - the prompts' own tokens."),
    review_token_budget: LIMITS.review_token_budget
      .default(400_000)
      .describe("Diff tokens for the whole review; files past it are listed as not reviewed."),
    context_lines: LIMITS.context_lines
      .default(3)
      .describe("Unchanged lines shown around each change."),
    include: z.array(pathGlob).default([]).describe("Globs: when set, only matching files are reviewed."),
    exclude: z.array(pathGlob).default([]).describe("Globs of files never reviewed."),
    max_file_bytes: LIMITS.max_file_bytes.default(200_000).describe("Files with more diff text than this are skipped."),
    instructions: z.string().default("").describe("Extra instructions for the reviewer."),
    path_instructions: z
      .array(z.strictObject({ path: z.string().min(1), instructions: z.string().min(1) }))
      .default([])
      .describe("Instructions for files matching a glob."),
    prices: z
      .record(z.string().min(1), modelPrice)
      .default({})
      .describe("Per model: { input, output } in USD per million tokens, or free. Overrides the built-in prices of common models."),
    budget: z
      .strictObject({
        tokens: LIMITS.budget_tokens.optional().describe("Prompt plus completion tokens of the whole review."),
        usd: LIMITS.budget_usd.optional().describe("US dollars for the whole review, at the models' prices."),
      })
      .refine((budget) => budget.tokens !== undefined || budget.usd !== undefined, "set tokens, usd or both")
      .optional()
      .describe("Most a review may spend: parts are sent most important first, and none that could go past the budget."),
    concurrency: LIMITS.concurrency.default(4).describe("Model requests in flight at once."),
    timeout_ms: LIMITS.timeout_ms.default(120_000).describe("Timeout of one model request."),
    max_retries: LIMITS.max_retries.default(3).describe("Retries of a failed model request."),
    response_format: z
      .enum(RESPONSE_FORMAT_MODES)
      .default(DEFAULT_RESPONSE_FORMAT)
      .describe("How JSON answers are requested; gateways and local servers differ."),
    max_tokens_field: z
      .enum(OUTPUT_CAP_FIELDS)
      .default("auto")
      .describe("Body field of the output cap: auto sends max_completion_tokens to OpenAI reasoning models (o1, o3, o4-mini, gpt-5), max_tokens to others."),
    gateway: z
      .enum(["none", "cloudflare"])
      .default("none")
      .describe("cloudflare: Cloudflare AI Gateway headers (env AI_REVIEW_GATEWAY), whatever the host name of base_url."),
    gateway_token_env: envName
      .optional()
      .describe("Environment variable holding the authenticated gateway's token, sent as cf-aig-authorization. Default CF_AIG_TOKEN, when set."),
    zero_retention: z
      .boolean()
      .default(false)
      .describe("Ask that prompts and answers be kept nowhere: store: false, and no payload in Cloudflare's logs (env AI_REVIEW_ZERO_RETENTION)."),
    byok: z
      .boolean()
      .default(false)
      .describe("Cloudflare bring-your-own-key: the gateway holds the provider key; none is sent."),
    cache_ttl: LIMITS.cache_ttl.optional().describe("Cloudflare AI Gateway cache time for identical requests (cf-aig-cache-ttl)."),
    headers: z
      .record(headerName, headerValue, {
        error: (issue) => (issue.code === "invalid_key" ? "not a valid HTTP header name: letters, digits and - (like x-portkey-api-key)" : undefined),
      })
      .default({})
      .describe("Extra request headers for a gateway, each { env: VARIABLE_NAME }: values come from the environment only."),
    fail_on: severity.default("critical").describe("Findings at or above this severity request changes."),
    approve: z.boolean().default(false).describe("Approve when nothing reaches fail_on."),
    inline_severity: severity.default("minor").describe("Least severe finding posted inline."),
    max_inline_comments: LIMITS.max_inline_comments.default(25).describe("Most inline comments per review."),
    review_drafts: z
      .boolean()
      .default(false)
      .describe("ai-review serve: also review draft pull requests (read from the base branch's .ai-review.yml)."),
  })
  .superRefine((config, ctx) => {
    if (config.budget?.usd !== undefined) {
      for (const model of new Set([config.model, ...config.fallback_models, ...(config.summary_model ? [config.summary_model] : [])])) {
        if (priceOf(model, config.prices)) continue;
        ctx.addIssue({
          code: "custom",
          path: ["budget", "usd"],
          message: `needs the price of model "${model}", which is not in the built-in list: add it to prices, like prices: { "${model}": { input: 2.5, output: 10 } } (USD per million tokens), or free (for ai-review serve, in the environment's AI_REVIEW_PRICES)`,
        });
      }
    }
    for (const name of Object.keys(config.headers)) {
      const setting = OWN_HEADERS[name.toLowerCase()];
      if (setting) ctx.addIssue({ code: "custom", path: ["headers", name], message: `is sent by ai-review itself (${setting}): remove it from headers` });
    }
    // The gateway's cache keeps each answer for cache_ttl: not what zero retention asks for.
    if (config.zero_retention && config.cache_ttl !== undefined) {
      ctx.addIssue({ code: "custom", path: ["cache_ttl"], message: "keeps answers in the gateway's cache, which zero_retention rules out: remove one of them" });
    }
    for (const key of ["byok", "cache_ttl", "gateway_token_env"] as const) {
      if (config[key] !== undefined && config[key] !== false && config.gateway !== "cloudflare") {
        ctx.addIssue({ code: "custom", path: [key], message: "is a Cloudflare AI Gateway setting: also set gateway: cloudflare (or AI_REVIEW_GATEWAY=cloudflare)" });
      }
    }
    // Each request must fit the window: the answer's room plus the diff it carries.
    if (config.max_output_tokens >= config.context_window) {
      ctx.addIssue({
        code: "custom",
        path: ["max_output_tokens"],
        message: `must be less than context_window (${config.context_window}); lower it, or raise context_window to the model's real window`,
      });
    } else if (config.request_token_budget !== undefined && config.request_token_budget + config.max_output_tokens > config.context_window) {
      ctx.addIssue({
        code: "custom",
        path: ["request_token_budget"],
        message: `plus max_output_tokens (${config.max_output_tokens}) must fit in context_window (${config.context_window}); lower it, or raise context_window to the model's real window`,
      });
    }
  })
  .describe("ai-review configuration (.ai-review.yml)");

export type Config = z.infer<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;

/** Raised for any problem a user fixes in their config, flags or environment (exit code 2). */
export class ConfigError extends UserError {
  override name = "ConfigError";
}

export const DEFAULT_CONFIG_FILE = ".ai-review.yml";

/**
 * Diff tokens one request may carry: the context window less the answer's room and the
 * prompt around the diff (`promptTokens`, counted from the real prompts of this review).
 */
export function requestTokenBudget(config: Config, promptTokens: number): number {
  if (config.request_token_budget) return config.request_token_budget;
  const left = config.context_window - config.max_output_tokens - promptTokens;
  if (left < 500) {
    throw new ConfigError(
      `context_window (${config.context_window}) leaves only ${left} tokens for the diff after max_output_tokens (${config.max_output_tokens}) and the prompts (${promptTokens}, with instructions, title and description); raise context_window, shorten the instructions, or set request_token_budget`,
    );
  }
  return left;
}

/** Keys that once existed, with what to write now. */
const REPLACED_KEYS: Record<string, string> = {
  price: "`price` is now `prices`, per model: prices: { \"gpt-4o\": { input: 2.5, output: 10 } } (USD per million tokens)",
};

/** Validates a plain object; the error names every bad key and what is wrong with it. */
export function parseConfig(input: unknown, source: string): Config {
  const result = configSchema.safeParse(input ?? {});
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const key = issue.path.length ? issue.path.join(".") : "(top level)";
    if (issue.code === "unrecognized_keys" && issue.path.length === 0 && issue.keys.some((k) => k in REPLACED_KEYS)) {
      return issue.keys.map((k) => REPLACED_KEYS[k] ?? `unknown key \`${k}\``).join("; ");
    }
    if (issue.code === "unrecognized_keys") {
      return `unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `\`${[...issue.path, k].join(".")}\``).join(", ")}`;
    }
    return `\`${key}\`: ${issue.message}`;
  });
  throw new ConfigError(`invalid config (${source}):\n  - ${problems.join("\n  - ")}`);
}

/** A config file's text and where it came from, for messages. */
export interface ConfigText {
  text: string;
  source: string;
}

/** Reads a config file from disk; null when it is absent and was not asked for by name. */
export async function readConfigFile(file: string, explicit: boolean): Promise<ConfigText | null> {
  try {
    return { text: await readFile(file, "utf8"), source: file };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (!explicit && code === "ENOENT") return null;
    throw new ConfigError(`cannot read config file ${file}: ${code ?? String(error)}`);
  }
}

/** The config file's YAML (when there is one), then the environment, then flags. */
export function loadConfig(options: {
  file: ConfigText | null;
  env: NodeJS.ProcessEnv;
  overrides?: Partial<ConfigInput>;
  /**
   * Keys the file may not set (they are taken out before validation): a server reviewing
   * other people's repositories keeps where its model key goes, and which of its
   * environment variables are sent, to itself.
   */
  fileMayNotSet?: readonly (keyof ConfigInput)[];
}): Config {
  const raw: Record<string, unknown> = options.file ? { ...parseConfigYaml(options.file) } : {};
  for (const key of options.fileMayNotSet ?? []) delete raw[key];
  const fromEnvironment = fromEnv(options.env);
  // The environment's prices add to the file's (a model priced in both: the environment's).
  if (fromEnvironment.prices && isPlainObject(raw.prices)) fromEnvironment.prices = { ...(raw.prices as typeof fromEnvironment.prices), ...fromEnvironment.prices };
  const fromFlags = dropUndefined(options.overrides ?? {});
  const layers = [
    options.file?.source,
    Object.keys(fromEnvironment).length > 0 && "environment",
    Object.keys(fromFlags).length > 0 && "flags",
  ].filter(Boolean);
  return parseConfig({ ...raw, ...fromEnvironment, ...fromFlags }, layers.join(", ") || "defaults");
}

function parseConfigYaml({ text, source }: ConfigText): object {
  let raw: unknown;
  try {
    raw = parseYaml(text) ?? {};
  } catch (error) {
    if (error instanceof YAMLParseError && error.linePos) {
      const { line, col } = error.linePos[0];
      const reason = error.message.split(" at line ")[0];
      throw new ConfigError(`config file ${source} is not valid YAML at line ${line}, column ${col}: ${reason}`);
    }
    throw new ConfigError(`config file ${source} is not valid YAML: ${(error as Error).message.split("\n")[0]}`);
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new ConfigError(`config file ${source} must be a YAML mapping of keys to values`);
  }
  return raw;
}

function fromEnv(env: NodeJS.ProcessEnv): Partial<ConfigInput> {
  const out: Partial<ConfigInput> = {};
  if (env.AI_REVIEW_MODEL) out.model = env.AI_REVIEW_MODEL;
  if (env.OPENAI_BASE_URL) out.base_url = env.OPENAI_BASE_URL;
  if (env.OPENAI_API_KEY) out.api_key = env.OPENAI_API_KEY;
  if (env.AI_REVIEW_GATEWAY) out.gateway = env.AI_REVIEW_GATEWAY as ConfigInput["gateway"];
  if (env.AI_REVIEW_ZERO_RETENTION) out.zero_retention = envBoolean("AI_REVIEW_ZERO_RETENTION", env.AI_REVIEW_ZERO_RETENTION);
  // What a review may spend, and at which prices: how `ai-review serve` sets them (a
  // repository's config may not, see SERVER_OWNED_KEYS); elsewhere they override the file.
  const usd = envNumber("AI_REVIEW_BUDGET_USD", env.AI_REVIEW_BUDGET_USD, "a number of US dollars, like 0.50");
  const tokens = envNumber("AI_REVIEW_BUDGET_TOKENS", env.AI_REVIEW_BUDGET_TOKENS, "a whole number of tokens, like 200000");
  if (usd !== undefined || tokens !== undefined) out.budget = { ...(usd !== undefined ? { usd } : {}), ...(tokens !== undefined ? { tokens } : {}) };
  if (env.AI_REVIEW_PRICES?.trim()) out.prices = envPrices(env.AI_REVIEW_PRICES);
  return out;
}

function envNumber(name: string, value: string | undefined, what: string): number | undefined {
  if (!value?.trim()) return undefined;
  const number = Number(value.trim());
  if (!Number.isFinite(number)) throw new ConfigError(`${name} must be ${what}, got ${JSON.stringify(value)}`);
  return number;
}

/** JSON, as the file's `prices` in YAML: checked with the rest of the config. */
function envPrices(value: string): NonNullable<ConfigInput["prices"]> {
  let prices: unknown;
  try {
    prices = JSON.parse(value);
  } catch {
    prices = undefined;
  }
  if (!isPlainObject(prices)) {
    throw new ConfigError(`AI_REVIEW_PRICES must be a JSON object of prices per model, like {"gpt-4o": {"input": 2.5, "output": 10}, "my-local-model": "free"}`);
  }
  return prices as NonNullable<ConfigInput["prices"]>;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function envBoolean(name: string, value: string): boolean {
  if (/^(true|1|yes)$/i.test(value.trim())) return true;
  if (/^(false|0|no)$/i.test(value.trim())) return false;
  throw new ConfigError(`${name} must be true or false, got ${JSON.stringify(value)}`);
}

function dropUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The JSON Schema of `.ai-review.yml` for editors; `npm run schema` writes it to schema/. */
export function configJsonSchema(): object {
  return z.toJSONSchema(configSchema, { io: "input" });
}
