/**
 * The GitLab side of `ai-review serve`, from the environment: on when GITLAB_WEBHOOK_SECRET
 * or a GitLab token (AI_REVIEW_GITLAB_TOKEN, else GITLAB_TOKEN) is set, and then it needs
 * both. The secret is required for the same reason as GitHub's: without it anyone who can
 * reach the server could post merge request events and spend the model budget. A token set
 * without a secret is an error, not a GitHub-only server: it says that GitLab was wanted.
 */
import { DEFAULT_GITLAB_URL } from "../../forges/gitlab/create-gitlab-api.js";
import { instanceUrl } from "../../forges/gitlab/instance-url.js";

export interface GitLabServeSettings {
  /** The webhook's "Secret token" on GitLab, sent back in `X-Gitlab-Token`. */
  webhookSecret: string;
  /** A token with the `api` scope: the bot writes as its user. */
  token: string;
  /** The instance (GITLAB_URL), without `/api/v4`. */
  url: string;
  /** Its host and port, as job keys name it: `gitlab.com`, `gitlab.example.com:8443`. */
  host: string;
}

export function readGitLabServeSettings(env: Readonly<Record<string, string | undefined>>, problem: (text: string) => void): GitLabServeSettings | null {
  // Read from a file or a secret store, the secret often ends in a line feed; an HTTP header
  // never carries surrounding white space (parsers strip it), so X-Gitlab-Token could never
  // match it: white space around the secret is not part of it.
  const webhookSecret = (env.GITLAB_WEBHOOK_SECRET ?? "").trim();
  const tokenName = env.AI_REVIEW_GITLAB_TOKEN ? "AI_REVIEW_GITLAB_TOKEN" : env.GITLAB_TOKEN ? "GITLAB_TOKEN" : null;
  if (!webhookSecret && !tokenName) return null;
  let complete = true;
  const tell = (text: string) => {
    complete = false;
    problem(text);
  };
  if (!webhookSecret) {
    tell(
      `${tokenName} is set but GITLAB_WEBHOOK_SECRET is not: set it to a long random string (openssl rand -hex 32) and give the same ` +
        `as the Secret token of the GitLab webhook (ai-review never answers GitLab without one, since anyone could otherwise start reviews); ` +
        `to answer GitHub only, unset ${tokenName}`,
    );
  }
  if (!tokenName) {
    tell(
      "GITLAB_WEBHOOK_SECRET is set but no GitLab token: set AI_REVIEW_GITLAB_TOKEN to a project, group or personal access token " +
        "with the `api` scope (role Developer or higher): the bot reads merge requests and writes its notes with it",
    );
  }
  let url = DEFAULT_GITLAB_URL;
  let host = "";
  try {
    url = (instanceUrl("GITLAB_URL", env.GITLAB_URL ?? "") || DEFAULT_GITLAB_URL).replace(/\/+$/, "").replace(/\/api\/v4$/, "");
  } catch (error) {
    tell((error as Error).message);
    return null;
  }
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== "https:" && parsed.protocol !== "http:") throw new Error("not http(s)");
    host = parsed.host;
  } catch {
    tell(`GITLAB_URL must be the GitLab instance's http(s) URL, such as https://gitlab.example.com, not "${env.GITLAB_URL}"`);
  }
  return complete ? { webhookSecret, token: env[tokenName!]!, url, host } : null;
}
