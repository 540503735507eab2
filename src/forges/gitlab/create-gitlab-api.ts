/**
 * The one way ai-review builds a GitLab client: `@gitbeaker/rest` pointed at the instance
 * (`CI_SERVER_URL`, else `GITLAB_URL`: self-managed GitLab and test servers), with its
 * request handler replaced by `rateLimitedRequest` so that a 429 waits what Retry-After
 * says, within bounds, and a write is never resent after a 5xx.
 *
 * A token (`AI_REVIEW_GITLAB_TOKEN`, else `GITLAB_TOKEN`: a project access token with the
 * `api` scope) is sent as PRIVATE-TOKEN; a CI job's `CI_JOB_TOKEN` as JOB-TOKEN. GitLab
 * refuses a job token on every endpoint that writes a note, so a client made with one can
 * read but not review; the failures say what to set instead (`explainGitLabFailure`).
 */
import { Gitlab } from "@gitbeaker/rest";
import { createRequesterFn } from "@gitbeaker/requester-utils";
import { rateLimitedRequest } from "./rate-limited-request.js";

export type GitLabApi = InstanceType<typeof Gitlab<false>>;

export const DEFAULT_GITLAB_URL = "https://gitlab.com";

export interface GitLabApiOptions {
  /** The instance's URL without `/api/v4` (`CI_SERVER_URL`, `GITLAB_URL`); GitLab.com when empty. */
  host?: string;
  /** Exactly one of `token` and `jobToken`. */
  token?: string;
  jobToken?: string;
  /** Retries of one rate-limited request before it fails (default 3). */
  maxLimitRetries?: number;
  /** The longest wait, in seconds, that a Retry-After may ask for before the request fails (default 300). */
  maxWaitSeconds?: number;
  /** The wait between retries; tests pass one that returns at once. */
  sleep?: (ms: number) => Promise<void>;
  /** Told of each wait; the token never reaches it (messages name only the method and path). */
  onWait?: (message: string) => void;
}

export function createGitLabApi(options: GitLabApiOptions): GitLabApi {
  const { token, jobToken } = options;
  if (!token === !jobToken) throw new Error("createGitLabApi: give exactly one of token and jobToken");
  const requesterFn = createRequesterFn(
    (_service, request) => Promise.resolve(request),
    rateLimitedRequest({
      sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
      maxRetries: options.maxLimitRetries ?? 3,
      maxWaitMs: (options.maxWaitSeconds ?? 300) * 1000,
      ...(options.onWait ? { onWait: options.onWait } : {}),
    }),
  );
  const host = (options.host || DEFAULT_GITLAB_URL).replace(/\/+$/, "").replace(/\/api\/v4$/, "");
  // No client-side rate limiter: GitLab says when to slow down, and the handler listens.
  const common = { host, requesterFn, rateLimits: {} };
  if (token) return new Gitlab({ ...common, token });
  const api = new Gitlab({ ...common, jobToken: jobToken! });
  jobTokenClients.add(api);
  return api;
}

const jobTokenClients = new WeakSet<GitLabApi>();

/**
 * Whether the client sends a CI job token. GitLab treats one as no token at all on the
 * endpoints ai-review uses, so its 401s, 403s and even its 404s (a private project looks
 * absent to an anonymous caller) all mean one thing: a real token is needed.
 */
export function usesJobToken(api: GitLabApi): boolean {
  return jobTokenClients.has(api);
}
