/**
 * What `ai-review serve` reads from its environment, checked before anything starts. Every
 * problem is listed in one error that names the variable and what to do; no message ever
 * contains a secret's value.
 *
 * The server answers GitHub, GitLab or both, by what is set: the GitHub App side when any of
 * its variables is (APP_ID, PRIVATE_KEY or PRIVATE_KEY_PATH, WEBHOOK_SECRET), the GitLab
 * side when GITLAB_WEBHOOK_SECRET or a GitLab token is (`gitlab-serve-settings.ts`). A side
 * that is asked for must be complete; a server with neither refuses to start.
 *
 * The GitHub webhook secret is required: Probot would fall back to the publicly known secret
 * "development", which lets anyone on the internet post signed webhooks and spend the
 * model budget.
 */
import { createPrivateKey } from "node:crypto";
import { readFile } from "node:fs/promises";
import { ConfigError } from "../../config.js";
import { type GitLabServeSettings, readGitLabServeSettings } from "./gitlab-serve-settings.js";

export interface GitHubServeSettings {
  appId: string;
  /** PEM text, newlines restored. */
  privateKey: string;
  webhookSecret: string;
  /** GitHub Enterprise or a test server; undefined: api.github.com. */
  githubApiUrl: string | undefined;
}

export interface ServeSettings {
  /** Null: the server does not answer GitHub. */
  github: GitHubServeSettings | null;
  /** Null: the server does not answer GitLab. */
  gitlab: GitLabServeSettings | null;
  port: number;
  /** Undefined: every interface, Node's default. */
  host: string | undefined;
  logLevel: LogLevel;
  logFormat: "json" | "pretty";
  /** Reviews running at once across pull and merge requests. */
  concurrentReviews: number;
}

const GITHUB_VARIABLES = ["APP_ID", "PRIVATE_KEY", "PRIVATE_KEY_PATH", "WEBHOOK_SECRET"] as const;

const LOG_LEVELS = ["trace", "debug", "info", "warn", "error", "fatal", "silent"] as const;
type LogLevel = (typeof LOG_LEVELS)[number];

export type ServeEnv = Readonly<Record<string, string | undefined>>;

export async function readServeSettings(env: ServeEnv): Promise<ServeSettings> {
  const problems: string[] = [];
  const problem = (text: string) => void problems.push(text);

  const github = GITHUB_VARIABLES.some((name) => env[name]?.trim()) ? await readGitHubSettings(env, problem) : null;
  const gitlab = readGitLabServeSettings(env, problem);
  if (!github && !gitlab && problems.length === 0) {
    problem(
      "nothing to answer: set APP_ID, PRIVATE_KEY (or PRIVATE_KEY_PATH) and WEBHOOK_SECRET for a GitHub App, " +
        "and/or GITLAB_WEBHOOK_SECRET and AI_REVIEW_GITLAB_TOKEN for GitLab webhooks",
    );
  }

  const port = env.PORT?.trim() ? Number(env.PORT) : 3000;
  if (!Number.isInteger(port) || port < 0 || port > 65535) problem(`PORT must be a whole number from 0 to 65535, not "${env.PORT}"`);

  const logLevel = (env.LOG_LEVEL?.trim() || "info") as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) problem(`LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")}, not "${env.LOG_LEVEL}"`);
  const logFormat = env.LOG_FORMAT === "pretty" ? "pretty" : "json";

  const concurrentReviews = env.AI_REVIEW_CONCURRENT_REVIEWS?.trim() ? Number(env.AI_REVIEW_CONCURRENT_REVIEWS) : 2;
  if (!Number.isInteger(concurrentReviews) || concurrentReviews < 1 || concurrentReviews > 64) {
    problem(`AI_REVIEW_CONCURRENT_REVIEWS must be a whole number from 1 to 64, not "${env.AI_REVIEW_CONCURRENT_REVIEWS}"`);
  }

  if (problems.length > 0) throw new ConfigError(`ai-review serve cannot start:\n  - ${problems.join("\n  - ")}`);
  return { github, gitlab, port, host: env.HOST?.trim() || undefined, logLevel, logFormat, concurrentReviews };
}

/** The GitHub App's settings; null (with the problems told) when one is missing or wrong. */
async function readGitHubSettings(env: ServeEnv, tell: (text: string) => void): Promise<GitHubServeSettings | null> {
  let complete = true;
  const problem = (text: string) => {
    complete = false;
    tell(text);
  };
  const appId = env.APP_ID?.trim() ?? "";
  if (!appId) problem("APP_ID is not set: give the App ID shown on the GitHub App's settings page");
  else if (!/^\d+$/.test(appId)) problem("APP_ID must be the GitHub App's numeric App ID (not its client ID or name)");

  const privateKey = await readPrivateKey(env, problem);

  const webhookSecret = env.WEBHOOK_SECRET ?? "";
  if (!webhookSecret) {
    problem("WEBHOOK_SECRET is not set: set it to the webhook secret of the GitHub App (ai-review never runs without one, since unsigned webhooks could start reviews)");
  } else if (webhookSecret === "development") {
    problem('WEBHOOK_SECRET is "development", the publicly known default of Probot: generate a random secret and set it on the GitHub App too');
  }

  const githubApiUrl = env.GITHUB_API_URL?.trim() ? env.GITHUB_API_URL.trim().replace(/\/+$/, "") : undefined;
  if (githubApiUrl && !/^https?:\/\/[^/\s]+/.test(githubApiUrl)) {
    problem(`GITHUB_API_URL must be an http(s) URL such as https://github.example.com/api/v3, not "${githubApiUrl}"`);
  }
  return complete && privateKey ? { appId, privateKey, webhookSecret, githubApiUrl } : null;
}

/**
 * PRIVATE_KEY holds the PEM text (newlines written as `\n` are accepted, since many
 * dashboards and .env files cannot hold a multi-line value); PRIVATE_KEY_PATH names the
 * .pem file GitHub let you download.
 */
async function readPrivateKey(env: ServeEnv, problem: (text: string) => void): Promise<string | undefined> {
  let text: string;
  let from: string;
  if (env.PRIVATE_KEY?.trim()) {
    text = env.PRIVATE_KEY.trim().replace(/\\n/g, "\n");
    from = "PRIVATE_KEY";
  } else if (env.PRIVATE_KEY_PATH?.trim()) {
    const path = env.PRIVATE_KEY_PATH.trim();
    if (/-----BEGIN|PRIVATE KEY/.test(path)) {
      problem("PRIVATE_KEY_PATH holds a PEM key, not a path: put the key in PRIVATE_KEY, or save it to a file and give that file's path");
      return undefined;
    }
    // The path is echoed to help find a typo, unless it may be a secret put in the wrong place.
    from = looksLikePath(path) ? `PRIVATE_KEY_PATH (${path})` : "PRIVATE_KEY_PATH";
    try {
      text = await readFile(path, "utf8");
    } catch (error) {
      problem(`${from} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}): give the path of the .pem file downloaded from the GitHub App's settings`);
      return undefined;
    }
  } else {
    problem("neither PRIVATE_KEY nor PRIVATE_KEY_PATH is set: give the GitHub App's private key (the .pem text, or the path of the .pem file)");
    return undefined;
  }
  try {
    createPrivateKey(text);
  } catch {
    // The crypto error may quote part of the key; say only where it came from.
    problem(`${from} is not a PEM private key: paste the whole .pem file, from -----BEGIN to -----END`);
    return undefined;
  }
  return text;
}

/**
 * A value safe to quote back as a path: one short line that reads like a file name
 * (`/`, `./`, `~`, a drive letter, or a `.pem` or `.key` ending). Anything else may be a
 * secret set in the wrong variable (a key's base64 body, a token) and is not echoed.
 */
function looksLikePath(value: string): boolean {
  if (value.length > 512 || /[\r\n]/.test(value)) return false;
  return /^(?:\/|\.{1,2}[\/\\]|~|[A-Za-z]:[\/\\])/.test(value) || /\.(?:pem|key)$/i.test(value);
}
