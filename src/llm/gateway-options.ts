/**
 * What the config says about the gateway, turned into what the client sends: Cloudflare AI
 * Gateway's `cf-aig-*` headers, `store: false`, no provider key in bring-your-own-key mode,
 * extra headers for other gateways, and the body field of the output cap. Secrets come from
 * the environment only; a missing one is a ConfigError that names the variable.
 *
 * Cloudflare is switched on by config (`gateway: cloudflare`), not guessed from the host
 * name: proxies, self-hosted front ends and test servers have other host names.
 */
import { ConfigError, type Config } from "../config.js";
import type { ModelClientOptions } from "./model-client.js";
import { outputCapField } from "./output-cap-field.js";
import { unsendableHeaderValue } from "./unsendable-header-value.js";

/** What the caller knows about the review, for the gateway's logs (`cf-aig-metadata`). */
export interface GatewayMetadata {
  /** `owner/name` (GitHub) or the project path (GitLab). */
  repository?: string;
  /** The pull or merge request number. */
  change?: string | number;
  head?: string | null;
  /** What started the review: `pull_request`, `comment`, `cli`, ... */
  trigger?: string;
  /** ai-review's version. */
  version?: string;
}

export type GatewayClientOptions = Required<Pick<ModelClientOptions, "headers" | "extraBody" | "sendApiKey" | "outputCapField">>;

/** Cloudflare reads at most five entries of `cf-aig-metadata`; these are the five, in this order. */
const METADATA_KEYS = ["repository", "change", "head", "trigger", "version"] as const satisfies readonly (keyof GatewayMetadata)[];

const DEFAULT_TOKEN_ENV = "CF_AIG_TOKEN";

export function gatewayClientOptions(config: Config, env: NodeJS.ProcessEnv, metadata: GatewayMetadata = {}): GatewayClientOptions {
  const headers: Record<string, string> = {};
  if (config.gateway === "cloudflare") Object.assign(headers, cloudflareHeaders(config, env, metadata));
  for (const [name, { env: variable }] of Object.entries(config.headers)) {
    const value = env[variable]?.trim();
    if (!value) {
      throw new ConfigError(
        `the header ${name} takes its value from the environment variable ${variable}, which is not set: set it, or remove the header from the config's headers`,
      );
    }
    headers[name.toLowerCase()] = sendable(value, variable, `the header ${name}`);
  }
  return {
    headers,
    // OpenAI's own switch (and Cloudflare passes it on): the provider keeps no copy of the call.
    extraBody: config.zero_retention ? { store: false } : {},
    sendApiKey: !config.byok,
    outputCapField: outputCapField(config.model, config.max_tokens_field),
  };
}

function cloudflareHeaders(config: Config, env: NodeJS.ProcessEnv, metadata: GatewayMetadata): Record<string, string> {
  if (!config.base_url) {
    throw new ConfigError(
      "gateway: cloudflare needs the gateway's URL in OPENAI_BASE_URL (or base_url): its /compat endpoint, like " +
        "https://gateway.ai.cloudflare.com/v1/ACCOUNT_ID/GATEWAY_ID/compat, or a provider path such as .../GATEWAY_ID/openai",
    );
  }
  const bare = [config.model, ...config.fallback_models, ...(config.summary_model ? [config.summary_model] : [])].find((m) => !m.includes("/"));
  if (/\/compat\/?$/.test(new URL(config.base_url).pathname) && bare !== undefined) {
    const where = bare === config.model ? "set AI_REVIEW_MODEL (or model) to that" : "write it so in fallback_models or summary_model";
    throw new ConfigError(`Cloudflare AI Gateway's /compat endpoint wants the model as provider/model, like openai/${bare}: ${where}`);
  }
  const headers: Record<string, string> = {};
  const tokenEnv = config.gateway_token_env ?? DEFAULT_TOKEN_ENV;
  const token = env[tokenEnv]?.trim();
  if (token) {
    headers["cf-aig-authorization"] = `Bearer ${sendable(token, tokenEnv, "cf-aig-authorization")}`;
  } else if (config.gateway_token_env) {
    throw new ConfigError(`gateway_token_env names ${tokenEnv}, which is not set: set it to the gateway's authentication token`);
  } else if (config.byok) {
    // Cloudflare uses stored provider keys only on authenticated gateways.
    throw new ConfigError(`byok: true needs an authenticated gateway: set ${DEFAULT_TOKEN_ENV} to the gateway's authentication token`);
  }
  const entries = METADATA_KEYS.flatMap((key) => {
    const value = metadata[key];
    return value === undefined || value === null || value === "" ? [] : [[key, String(value)] as const];
  });
  if (entries.length > 0) headers["cf-aig-metadata"] = asciiJson(Object.fromEntries(entries));
  if (config.zero_retention) headers["cf-aig-collect-log-payload"] = "false";
  if (config.cache_ttl !== undefined) headers["cf-aig-cache-ttl"] = String(config.cache_ttl);
  return headers;
}

/** The value, when a header can carry it; else a ConfigError that names the variable, never the value. */
function sendable(value: string, variable: string, what: string): string {
  const problem = unsendableHeaderValue(value);
  if (problem === null) return value;
  throw new ConfigError(`the environment variable ${variable} (sent as ${what}) ${problem}: set it to the value alone, on one line`);
}

/** JSON with every non-ASCII character escaped: a header value must be ASCII, a repository name may not be. */
function asciiJson(value: object): string {
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
