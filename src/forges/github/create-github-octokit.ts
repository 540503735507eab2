/**
 * The one way ai-review builds a GitHub client: `@octokit/rest` with the retry and
 * throttling plugins, pointed at `GITHUB_API_URL` (GitHub Enterprise, test servers).
 *
 * Rate limits are waited out, within bounds: a secondary limit (403 or 429 "You have
 * exceeded a secondary rate limit", with Retry-After) and the primary limit (403 with
 * `x-ratelimit-remaining: 0`) are retried a few times, each wait at most `maxWaitSeconds`;
 * past that the request fails with GitHub's own message rather than hanging a job for an
 * hour. The plugins do the waiting; nothing here sleeps.
 */
import { retry } from "@octokit/plugin-retry";
import { throttling, type ThrottlingOptions } from "@octokit/plugin-throttling";
import { Octokit } from "@octokit/rest";

export const GitHubOctokit = Octokit.plugin(retry, throttling);
export type GitHubOctokit = InstanceType<typeof GitHubOctokit>;

/** What the adapters call: the REST methods and pagination (a Probot `context.octokit` has both). */
export type GitHubRest = Pick<Octokit, "rest" | "paginate">;

export const DEFAULT_GITHUB_API_URL = "https://api.github.com";

/** pino's and console's shape alike; every message is a plain string with the token masked. */
export interface GitHubLogger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface GitHubOctokitOptions {
  /** An installation token, a workflow's `GITHUB_TOKEN`, or a personal token. */
  token: string;
  /** `GITHUB_API_URL`; GitHub.com when unset or empty. */
  baseUrl?: string;
  /** ai-review's version, for the user agent (GitHub asks clients to name themselves). */
  version: string;
  logger: GitHubLogger;
  /** Retries of one rate-limited request before it fails (default 3). */
  maxLimitRetries?: number;
  /** The longest wait, in seconds, that a rate limit may ask for before the request fails (default 300). */
  maxWaitSeconds?: number;
  /**
   * Passed to plugin-throttling as is, after ours: its limiter groups and
   * `retryAfterBaseValue` (tests make a "second" one millisecond so nothing waits).
   */
  throttle?: Partial<Omit<ThrottlingOptions, "onRateLimit" | "onSecondaryRateLimit">>;
  /** Passed to plugin-retry (`retryAfterBaseValue`, `retries`). */
  retry?: { retryAfterBaseValue?: number; retries?: number };
}

export function createGitHubOctokit(options: GitHubOctokitOptions): GitHubOctokit {
  if (!options.token) throw new Error("createGitHubOctokit: no token given");
  const maxRetries = options.maxLimitRetries ?? 3;
  const maxWait = options.maxWaitSeconds ?? 300;
  const log = maskedLogger(options.logger, options.token);

  const onLimit =
    (kind: string) =>
    (retryAfter: number, request: { method: string; url: string }, _octokit: unknown, retryCount: number): boolean => {
      const what = `GitHub ${kind} rate limit on ${request.method} ${request.url}`;
      if (retryCount >= maxRetries) {
        log.error(`${what}: still limited after ${retryCount} retries; giving up`);
        return false;
      }
      if (retryAfter > maxWait) {
        log.error(`${what}: GitHub asks to wait ${retryAfter} s, more than the ${maxWait} s allowed; giving up`);
        return false;
      }
      log.warn(`${what}: waiting ${retryAfter} s, then retry ${retryCount + 1} of ${maxRetries}`);
      return true;
    };

  return new GitHubOctokit({
    auth: options.token,
    baseUrl: (options.baseUrl || DEFAULT_GITHUB_API_URL).replace(/\/+$/, ""),
    userAgent: `ai-review/${options.version}`,
    log,
    // 429 is a rate limit: plugin-throttling waits what Retry-After says, within our bounds;
    // plugin-retry would retry it on its own schedule, deaf to Retry-After and to the bounds.
    retry: { doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451], ...options.retry },
    throttle: {
      ...options.throttle,
      onSecondaryRateLimit: onLimit("secondary"),
      onRateLimit: onLimit("primary"),
    },
  });
}

/**
 * The logger octokit and the limit handlers write to. Octokit's own messages hold URLs and
 * error texts, never headers, but a token can still reach one (an echoed request, a URL
 * someone built by hand): masking it here makes "never logged" hold whatever the message.
 * Octokit's debug line for each request carries the request's options: only its method
 * and URL are kept, since the rest holds bodies (code, findings, secrets the model quoted)
 * that a workflow's debug log or a server's log must not hold.
 */
function maskedLogger(logger: GitHubLogger, token: string): GitHubLogger {
  const mask = (message: unknown, extra?: unknown): string => {
    const detail = extra instanceof Error ? `: ${extra.message}` : extra === undefined ? "" : ` ${safeJson(withoutBodies(extra))}`;
    return `${String(message)}${detail}`.split(token).join("***");
  };
  return {
    debug: (message: string, extra?: unknown) => logger.debug(mask(message, extra)),
    info: (message: string, extra?: unknown) => logger.info(mask(message, extra)),
    warn: (message: string, extra?: unknown) => logger.warn(mask(message, extra)),
    error: (message: string, extra?: unknown) => logger.error(mask(message, extra)),
  } as GitHubLogger;
}

/** Of a request's options, what says where it went; nothing of what it carried. */
function withoutBodies(extra: unknown): unknown {
  if (typeof extra !== "object" || extra === null) return extra;
  const { method, url } = extra as { method?: unknown; url?: unknown };
  return { method, url };
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? "";
  } catch {
    return String(value);
  }
}
