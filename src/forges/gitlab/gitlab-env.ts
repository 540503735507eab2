import type { GitLabApiOptions } from "./create-gitlab-api.js";
import { instanceUrl } from "./instance-url.js";

/**
 * Where GitLab is and how to reach it, from the environment an entry was given: the instance
 * from `CI_SERVER_URL` (set in every CI job), else `GITLAB_URL`; the token from
 * `AI_REVIEW_GITLAB_TOKEN`, else `GITLAB_TOKEN`, else the job's `CI_JOB_TOKEN` (which can
 * read but not post: the first write fails with what to set instead). Null when there is no
 * token of any kind. A URL with a token in it is refused (`instanceUrl`).
 */
export function gitlabApiOptionsFromEnv(env: Record<string, string | undefined>): Pick<GitLabApiOptions, "host" | "token" | "jobToken"> | null {
  const name = env.CI_SERVER_URL ? "CI_SERVER_URL" : env.GITLAB_URL ? "GITLAB_URL" : null;
  const host = name ? instanceUrl(name, env[name]!) : undefined;
  const token = env.AI_REVIEW_GITLAB_TOKEN || env.GITLAB_TOKEN;
  if (token) return { ...(host ? { host } : {}), token };
  if (env.CI_JOB_TOKEN) return { ...(host ? { host } : {}), jobToken: env.CI_JOB_TOKEN };
  return null;
}
