/**
 * The error answers GitHub's REST API gives, with its status codes and body shapes, as seen
 * in answers users reported (quoted in the comments). Pure builders: the server sends them.
 *
 * `documentation_url` is the docs page of the operation that failed, as GitHub does.
 */

export interface GitHubErrorBody {
  message: string;
  errors?: unknown[];
  documentation_url: string;
  status: string;
}

export interface GitHubError {
  status: number;
  body: GitHubErrorBody;
  headers?: Record<string, string>;
}

const DOCS_ROOT = "https://docs.github.com/rest";

function error(status: number, message: string, documentationUrl = DOCS_ROOT, errors?: unknown[]): GitHubError {
  return { status, body: { message, ...(errors ? { errors } : {}), documentation_url: documentationUrl, status: String(status) } };
}

export const githubError = {
  /** {"message":"Bad credentials","documentation_url":"https://docs.github.com/rest","status":"401"} */
  badCredentials: (): GitHubError => error(401, "Bad credentials"),
  /** No `Authorization` header at all. */
  requiresAuthentication: (): GitHubError => error(401, "Requires authentication"),
  /** An app JWT GitHub refuses: 401 with its reason, e.g. "'Expiration time' claim ('exp') is too far in the future". */
  badJwt: (message: string): GitHubError => error(401, message),
  /** A JWT sent where an installation or user token is needed, and the reverse. */
  wrongCredentialKind: (documentationUrl: string, message: string): GitHubError => error(403, message, documentationUrl),
  notFound: (documentationUrl: string): GitHubError => error(404, "Not Found", documentationUrl),
  /** What a token without the permission gets, e.g. an Actions token of a fork pull request writing a comment. */
  notAccessible: (documentationUrl: string): GitHubError => error(403, "Resource not accessible by integration", documentationUrl),
  /**
   * The review endpoints' 422: `errors` holds sentences, e.g.
   * {"message":"Unprocessable Entity","errors":["Pull request review thread line must be part of the diff and
   * Pull request review thread diff hunk can't be blank"],"documentation_url":"...","status":"422"}
   */
  unprocessable: (documentationUrl: string, ...sentences: string[]): GitHubError =>
    error(422, "Unprocessable Entity", documentationUrl, sentences),
  /**
   * Model validation: {"message":"Validation Failed","errors":[{"resource":"IssueComment","code":"unprocessable",
   * "field":"data","message":"Body is too long (maximum is 65536 characters)"}],...}
   */
  validationFailed: (documentationUrl: string, ...errors: { resource: string; code: string; field: string; message: string }[]): GitHubError =>
    error(422, "Validation Failed", documentationUrl, errors),
  /** A request that breaks GitHub's published description (wrong type, unknown enum value, missing field). */
  invalidRequest: (documentationUrl: string, details: string[]): GitHubError =>
    error(422, `Invalid request.\n\n${details.join("\n")}`, documentationUrl),
  /** A request body that is not JSON. */
  problemsParsingJson: (documentationUrl: string): GitHubError => error(400, "Problems parsing JSON", documentationUrl),
  /**
   * {"message":"You have exceeded a secondary rate limit. Please wait a few minutes before you try again...",
   * "documentation_url":"https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits"}
   * with `retry-after` when GitHub knows how long to wait.
   */
  secondaryRateLimit: (retryAfterSeconds: number | undefined): GitHubError => ({
    ...error(
      403,
      "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID.",
      "https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits",
    ),
    headers: retryAfterSeconds === undefined ? {} : { "retry-after": String(retryAfterSeconds) },
  }),
  /** The primary limit: 403 with `x-ratelimit-remaining: 0`; the server sets the rate-limit headers. */
  primaryRateLimit: (who: string): GitHubError =>
    error(
      403,
      `API rate limit exceeded for ${who}.`,
      "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-the-primary-rate-limit",
    ),
  serverError: (status: number): GitHubError => error(status, status === 502 ? "Server Error" : "Internal Server Error"),
};

/** Rails' `to_sentence`, which GitHub uses to join the messages of one invalid review thread. */
export function toSentence(parts: string[]): string {
  if (parts.length <= 1) return parts.join("");
  if (parts.length === 2) return `${parts[0]} and ${parts[1]}`;
  return `${parts.slice(0, -1).join(", ")}, and ${parts.at(-1)}`;
}
