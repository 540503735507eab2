/**
 * Probot 14 hands its app authentication a request function without `baseUrl`, and that
 * function wins over the octokit's own. API calls made through an installation octokit are
 * not affected (the auth hook sends them with the octokit's request), but a direct
 * `octokit.auth({ type: "installation" })`, the way to get the installation token for
 * another client, asks api.github.com even when GITHUB_API_URL names GitHub Enterprise or
 * a test server. This gives the app authentication the octokit's base URL.
 */
import type { ProbotOctokit } from "probot";

type AuthRequest = { defaults(options: { baseUrl: string }): unknown };

export function octokitWithAuthBaseUrl(Base: typeof ProbotOctokit, baseUrl: string | undefined): typeof ProbotOctokit {
  if (!baseUrl) return Base;
  return Base.defaults((options: { auth?: { request?: AuthRequest } }) => {
    const request = options.auth?.request;
    if (!request) return options;
    return { ...options, auth: { ...options.auth, request: request.defaults({ baseUrl }) } };
  });
}
