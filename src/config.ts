/**
 * The one configuration schema: `.ai-review.yml`, environment variables and command-line
 * flags (later: Action inputs) all land in this shape, validated by zod. Keys are
 * snake_case because that is how users write them in YAML and Action inputs.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parse as parseYaml, YAMLParseError } from "yaml";
import { z } from "zod";
import { SEVERITIES } from "./core/finding.js";
import { configGlobMatcher } from "./core/select.js";

const severity = z.enum(SEVERITIES);
const positiveInt = z.number().int().positive();

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
    base_url: z
      .string()
      .url()
      .optional()
      .describe("OpenAI-compatible base URL (env OPENAI_BASE_URL); the SDK's default when absent."),
    api_key: z
      .string()
      .min(1)
      .optional()
      .describe("API key (env OPENAI_API_KEY). Prefer the environment: a key in a committed file is a leaked key."),
    context_window: positiveInt.default(128_000).describe("The model's context window, in tokens."),
    max_output_tokens: positiveInt.default(4_096).describe("Room kept for each answer; sent as max_tokens."),
    prompt_overhead_tokens: z
      .number()
      .int()
      .nonnegative()
      .default(3_000)
      .describe("Tokens kept per request for the system prompt and instructions."),
    request_token_budget: positiveInt
      .optional()
      .describe("Diff tokens per request. Default: context_window - max_output_tokens - prompt_overhead_tokens."),
    review_token_budget: positiveInt
      .default(400_000)
      .describe("Diff tokens for the whole review; files past it are listed as not reviewed."),
    context_lines: z
      .number()
      .int()
      .nonnegative()
      .default(3)
      .describe("Unchanged lines shown around each change."),
    include: z.array(pathGlob).default([]).describe("Globs: when set, only matching files are reviewed."),
    exclude: z.array(pathGlob).default([]).describe("Globs of files never reviewed."),
    max_file_bytes: positiveInt.default(200_000).describe("Files with more diff text than this are skipped."),
    review_deleted_files: z.boolean().default(false).describe("Review files the change deletes."),
    instructions: z.string().default("").describe("Extra instructions for the reviewer."),
    path_instructions: z
      .array(z.strictObject({ path: z.string().min(1), instructions: z.string().min(1) }))
      .default([])
      .describe("Instructions for files matching a glob."),
    price: z
      .strictObject({
        input_per_million: z.number().nonnegative(),
        output_per_million: z.number().nonnegative(),
      })
      .optional()
      .describe("Price in USD per million prompt / completion tokens, for cost estimates."),
    concurrency: positiveInt.default(4).describe("Model requests in flight at once."),
    timeout_ms: positiveInt.default(120_000).describe("Timeout of one model request."),
    max_retries: z.number().int().nonnegative().default(3).describe("Retries of a failed model request."),
    response_format: z
      .enum(["json_schema", "json_object", "none"])
      .default("json_object")
      .describe("How JSON answers are requested; gateways and local servers differ."),
    fail_on: severity.default("critical").describe("Findings at or above this severity request changes."),
    approve: z.boolean().default(false).describe("Approve when nothing reaches fail_on."),
    inline_severity: severity.default("minor").describe("Least severe finding posted inline."),
    max_inline_comments: z.number().int().nonnegative().default(25).describe("Most inline comments per review."),
  })
  .describe("ai-review configuration (.ai-review.yml)");

export type Config = z.infer<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;

/** Raised for any problem a user fixes in their config, flags or environment (exit code 2). */
export class ConfigError extends Error {
  override name = "ConfigError";
}

export const DEFAULT_CONFIG_FILE = ".ai-review.yml";

/** Diff tokens one request may carry: what the context window leaves for the diff. */
export function requestTokenBudget(config: Config): number {
  if (config.request_token_budget) return config.request_token_budget;
  const left = config.context_window - config.max_output_tokens - config.prompt_overhead_tokens;
  if (left < 500) {
    throw new ConfigError(
      `context_window (${config.context_window}) leaves only ${left} tokens for the diff after max_output_tokens and prompt_overhead_tokens; raise context_window or set request_token_budget`,
    );
  }
  return left;
}

/** Validates a plain object; the error names every bad key and what is wrong with it. */
export function parseConfig(input: unknown, source: string): Config {
  const result = configSchema.safeParse(input ?? {});
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const key = issue.path.length ? issue.path.join(".") : "(top level)";
    if (issue.code === "unrecognized_keys") {
      return `unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `\`${[...issue.path, k].join(".")}\``).join(", ")}`;
    }
    return `\`${key}\`: ${issue.message}`;
  });
  throw new ConfigError(`invalid config in ${source}:\n  - ${problems.join("\n  - ")}`);
}

/**
 * Reads the config file (explicit path, or `.ai-review.yml` in the repository when it
 * exists), then lets the environment and flags override it, in that order.
 */
export async function loadConfig(options: {
  file?: string;
  repoDir: string;
  env: NodeJS.ProcessEnv;
  overrides?: Partial<ConfigInput>;
}): Promise<{ config: Config; source: string | null }> {
  const explicit = options.file !== undefined;
  const file = path.resolve(options.repoDir, options.file ?? DEFAULT_CONFIG_FILE);
  let raw: unknown = {};
  let source: string | null = null;
  let text: string | null = null;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (explicit || code !== "ENOENT") {
      throw new ConfigError(`cannot read config file ${file}: ${code ?? String(error)}`);
    }
  }
  if (text !== null) {
    source = file;
    try {
      raw = parseYaml(text) ?? {};
    } catch (error) {
      const where = error instanceof YAMLParseError && error.linePos ? ` line ${error.linePos[0].line}` : "";
      throw new ConfigError(`config file ${file}${where} is not valid YAML: ${(error as Error).message.split("\n")[0]}`);
    }
    if (typeof raw !== "object" || Array.isArray(raw)) {
      throw new ConfigError(`config file ${file} must be a YAML mapping of keys to values`);
    }
  }
  const merged = { ...(raw as object), ...fromEnv(options.env), ...dropUndefined(options.overrides ?? {}) };
  return { config: parseConfig(merged, source ?? "flags and environment"), source };
}

function fromEnv(env: NodeJS.ProcessEnv): Partial<ConfigInput> {
  const out: Partial<ConfigInput> = {};
  if (env.AI_REVIEW_MODEL) out.model = env.AI_REVIEW_MODEL;
  if (env.OPENAI_BASE_URL) out.base_url = env.OPENAI_BASE_URL;
  if (env.OPENAI_API_KEY) out.api_key = env.OPENAI_API_KEY;
  return out;
}

function dropUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The JSON Schema of `.ai-review.yml` for editors; `npm run schema` writes it to schema/. */
export function configJsonSchema(): object {
  return z.toJSONSchema(configSchema, { io: "input" });
}
