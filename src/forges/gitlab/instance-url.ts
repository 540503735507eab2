import { UserError } from "../../core/user-error.js";

/**
 * The GitLab instance's URL as given (`CI_SERVER_URL`, `GITLAB_URL`), refused when it holds
 * credentials (`https://user:token@host`): fetch will not send such a URL, and the error it
 * throws quotes the URL, token and all, into the job log. The message names the variable
 * and never its value.
 */
export function instanceUrl(name: string, value: string): string {
  let parsed: URL | null = null;
  try {
    parsed = new URL(value.trim());
  } catch {
    // Not a URL at all: the client says so when it is used; nothing secret to guard.
  }
  if (parsed && (parsed.username !== "" || parsed.password !== "")) {
    throw new UserError(
      `${name} holds a user name or token (https://user:token@host); give the bare instance URL (https://gitlab.example.com) and the token in AI_REVIEW_GITLAB_TOKEN`,
    );
  }
  return value.trim();
}
