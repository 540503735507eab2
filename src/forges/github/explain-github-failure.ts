import { ServiceUnavailableError } from "../../core/service-unavailable-error.js";
import { UserError } from "../../core/user-error.js";
import { type GitHubRequestFailure, githubMessage, isRequestFailure } from "./github-message.js";

/**
 * A failed GitHub call as an error that says what to do. 401, 403 and 404 are the user's to
 * fix (token, permissions, names) and become `UserError`s, which entries print as one line;
 * anything else (5xx after the retries, a network failure) keeps its cause for the log.
 * `doing` reads after "while": "reading pull request acme/app#12".
 */
export function explainGitHubFailure(error: unknown, doing: string): Error {
  if (!isRequestFailure(error)) {
    return new GitHubUnavailableError(`GitHub could not be reached while ${doing}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const said = githubMessage(error);
  // What is left of a rate limit once the retries gave up: not the user's setup to fix.
  if ((error.status === 403 || error.status === 429) && /rate limit/i.test(said)) {
    return new GitHubUnavailableError(`GitHub's rate limit stopped ${doing} after the allowed retries (${error.status} ${said}); try again later`, { cause: error });
  }
  switch (error.status) {
    case 401:
      return accessError(`GitHub refused the token while ${doing} (401 ${said}): check that it is set, valid and not expired`, error);
    case 403:
      return accessError(
        `GitHub denied ${doing} (403 ${said}): the token lacks a permission; ai-review needs contents: read and pull-requests: write`,
        error,
      );
    case 404:
      return accessError(
        `GitHub found nothing while ${doing} (404): check the owner, repository and number, and that the token can read the repository`,
        error,
      );
    default:
      return new GitHubUnavailableError(`GitHub answered ${error.status} while ${doing}: ${said}`, { cause: error });
  }
}

/**
 * GitHub failed on its side or refused a request for a reason that is not the user's setup
 * (5xx after the retries, unreachable, rate limited, a 400 or 422 it gave): the entries
 * print it as one line and fail the run as incomplete; a second run may well succeed.
 */
export class GitHubUnavailableError extends ServiceUnavailableError {
  override name = "GitHubUnavailableError";
}

function accessError(message: string, cause: GitHubRequestFailure): UserError {
  const error = new UserError(message, { cause });
  error.name = "GitHubAccessError";
  return error;
}
