/**
 * A failed GitLab call as an error that says what to do. 401 and 403 mean the token cannot
 * do this (a `CI_JOB_TOKEN`, which GitLab refuses on notes, discussions and approvals as it
 * would an anonymous caller; an expired token; a token without the `api` scope): both become
 * the same `UserError` with the one fix. 404 is the project or merge request named wrong.
 * Anything else (5xx after the retries, a network failure) keeps its cause for the log.
 * `doing` reads after "while": "posting a discussion on group/app!12". Given the client, a
 * job token's refusals (even 404s: a private project looks absent to it) say the same.
 */
import { ServiceUnavailableError } from "../../core/service-unavailable-error.js";
import { UserError } from "../../core/user-error.js";
import { usesJobToken, type GitLabApi } from "./create-gitlab-api.js";
import { gitlabMessage, gitlabStatus } from "./gitlab-failure.js";

export const TOKEN_ADVICE =
  "create a project access token with the `api` scope (Settings > Access tokens, role Developer or higher) and store it as a masked, non-protected CI/CD variable named AI_REVIEW_GITLAB_TOKEN (Settings > CI/CD > Variables); CI_JOB_TOKEN cannot post notes";

export function explainGitLabFailure(error: unknown, doing: string, api?: GitLabApi): Error {
  const status = gitlabStatus(error);
  if (api && usesJobToken(api) && (status === 401 || status === 403 || status === 404)) {
    return accessError(`GitLab refused ${doing} with CI_JOB_TOKEN (${status} ${gitlabMessage(error)}): ${TOKEN_ADVICE}`, error);
  }
  if (status === null) {
    return new GitLabUnavailableError(`GitLab could not be reached while ${doing}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const said = gitlabMessage(error);
  if (status === 429) {
    return new GitLabUnavailableError(`GitLab's rate limit stopped ${doing} after the allowed retries (429 ${said}); try again later`, { cause: error });
  }
  if (status === 401 || status === 403) {
    return accessError(`GitLab refused ${doing} (${status} ${said}): the token cannot do this; ${TOKEN_ADVICE}`, error);
  }
  if (status === 404) {
    return accessError(
      `GitLab found nothing while ${doing} (404 ${said}): check the project and merge request, and that the token can read the project`,
      error,
    );
  }
  return new GitLabUnavailableError(`GitLab answered ${status} while ${doing}: ${said}`, { cause: error });
}

/**
 * GitLab failed on its side (5xx after the retries, unreachable, rate limited, a merge
 * request whose diff it has not computed yet): nothing for the user to fix but to run the
 * job again. The CI job prints it as one line and exits 3 (the review is incomplete).
 */
export class GitLabUnavailableError extends ServiceUnavailableError {
  override name = "GitLabUnavailableError";
}

function accessError(message: string, cause: unknown): UserError {
  const error = new UserError(message, { cause });
  error.name = "GitLabAccessError";
  return error;
}
