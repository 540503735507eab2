/**
 * The request handler behind ai-review's gitbeaker client: gitbeaker's own, with its retries
 * replaced. gitbeaker retries 429 and 502 ten times within a quarter of a second, deaf to
 * Retry-After, and would resend a POST after a 502 (a discussion posted twice). Here:
 * - 429 (GitLab's rate limit: nothing was done) is retried on any method, after the wait
 *   Retry-After asks for, at most `maxRetries` times and never for longer than `maxWaitMs`;
 * - 502/503/504 are retried on reads only, with a doubling backoff;
 * - anything else fails at once as a `GitbeakerRequestError` whose cause holds the response,
 *   as gitbeaker's own handler throws it.
 * The wait is `sleep`, so tests pass one that returns at once.
 */
import { GitbeakerRequestError, GitbeakerTimeoutError } from "@gitbeaker/rest";
import type { FormattedResponse, RequestHandlerFn } from "@gitbeaker/requester-utils";
import { parseRetryAfter } from "../../llm/retry-after.js";

export interface RateLimitPolicy {
  sleep: (ms: number) => Promise<void>;
  /** Retries of one request (default 3). */
  maxRetries: number;
  /** The longest single wait a Retry-After may ask for before the request fails instead (ms). */
  maxWaitMs: number;
  /** Told of every wait, for the log. */
  onWait?: (message: string) => void;
}

const READ_RETRY_STATUSES = new Set([502, 503, 504]);

export function rateLimitedRequest(policy: RateLimitPolicy): RequestHandlerFn {
  return async (endpoint, options = {}) => {
    const { rateLimiters: _ignored, agent, asStream, prefixUrl, searchParams, method, ...init } = options as {
      rateLimiters?: unknown;
      agent?: unknown;
      asStream?: boolean;
      prefixUrl?: string;
      searchParams?: string;
      method?: string;
    } & RequestInit;
    const base = prefixUrl === undefined ? undefined : prefixUrl.endsWith("/") ? prefixUrl : `${prefixUrl}/`;
    const url = new URL(endpoint, base);
    url.search = searchParams ?? "";
    const verb = (method ?? "GET").toUpperCase();
    for (let attempt = 0; ; attempt++) {
      const request = new Request(url, { ...init, method: verb });
      const response = await fetch(request, ...((agent ? [{ dispatcher: agent }] : []) as [])).catch((error: unknown) => {
        if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
          throw new GitbeakerTimeoutError("Query timeout was reached");
        }
        throw error;
      });
      if (response.ok) return parse(response, asStream === true);
      const wait = waitBeforeRetry(response, verb, attempt, policy);
      if (wait === null) throw await failure(request, response);
      await response.body?.cancel();
      policy.onWait?.(
        `GitLab answered ${response.status} to ${verb} ${url.pathname}: waiting ${Math.ceil(wait / 1000)} s, then retry ${attempt + 1} of ${policy.maxRetries}`,
      );
      await policy.sleep(wait);
    }
  };
}

/** How long to wait before trying again, or null when the answer stands. */
function waitBeforeRetry(response: Response, method: string, attempt: number, policy: RateLimitPolicy): number | null {
  if (attempt >= policy.maxRetries) return null;
  if (response.status === 429) {
    const asked = parseRetryAfter(response.headers) ?? 1000 * 2 ** attempt;
    return asked <= policy.maxWaitMs ? asked : null;
  }
  if (method === "GET" && READ_RETRY_STATUSES.has(response.status)) return Math.min(1000 * 2 ** attempt, policy.maxWaitMs);
  return null;
}

async function parse(response: Response, asStream: boolean): Promise<FormattedResponse> {
  const headers = Object.fromEntries(response.headers.entries());
  if (asStream) return { body: response.body as ReadableStream, headers, status: response.status };
  if (response.status === 204) return { body: null, headers, status: response.status };
  const type = (response.headers.get("content-type") ?? "").split(";")[0]!.trim();
  let body: FormattedResponse["body"];
  if (type === "application/json") body = ((await response.json()) as FormattedResponse["body"]) ?? {};
  else if (type.startsWith("text/")) body = await response.text();
  else body = await response.blob();
  return { body, headers, status: response.status };
}

/** The error gitbeaker's own handler throws: the message GitLab gave, the response in `cause`. */
async function failure(request: Request, response: Response): Promise<GitbeakerRequestError> {
  const content = await response.text();
  let description = content;
  if (response.headers.get("content-type")?.includes("application/json")) {
    try {
      const output = JSON.parse(content) as { error?: unknown; message?: unknown } | null;
      const said = output?.error ?? output?.message ?? "";
      description = typeof said === "string" ? said : JSON.stringify(said);
    } catch {
      // Not JSON after all: the text itself is the best description there is.
    }
  }
  return new GitbeakerRequestError(description, { cause: { description, request, response } });
}
