/**
 * The error answers GitLab's REST API (v4) gives, with its status codes and body shapes as
 * users reported them. Two shapes exist because two layers answer: Grape's parameter
 * validation says `{"error": "..."}`, the endpoints themselves say `{"message": "..."}`.
 * Pure builders: the server sends them.
 */

export interface GitLabError {
  status: number;
  /** A JSON body, or plain text (rack-attack's 429). */
  body: unknown;
  headers?: Record<string, string>;
}

const message = (status: number, text: string): GitLabError => ({ status, body: { message: text } });

/** Ruby's `Hash#inspect` of ActiveModel errors, as GitLab interpolates it: {:line_code=>["can't be blank", "must be a valid line code"]}. */
export function rubyErrors(errors: Record<string, string[]>): string {
  const entries = Object.entries(errors).map(([field, list]) => `:${field}=>[${list.map((item) => JSON.stringify(item)).join(", ")}]`);
  return `{${entries.join(", ")}}`;
}

/** The message of a note GitLab refused to save (`bad_request!("Note #{note.errors.messages}")`). */
export function noteRefusal(errors: Record<string, string[]>): string {
  return `400 Bad request - Note ${rubyErrors(errors)}`;
}

/** What users meet for a text position on a line the diff does not have, or with the wrong old_line/new_line pair. */
export const LINE_CODE_ERRORS = { line_code: ["can't be blank", "must be a valid line code"] };

export const gitlabError = {
  /** {"message":"401 Unauthorized"}: no token where one is needed, an unknown token, or a CI job token on an endpoint that does not take one. */
  unauthorized: (): GitLabError => message(401, "401 Unauthorized"),
  /** {"message":"403 Forbidden"} */
  forbidden: (): GitLabError => message(403, "403 Forbidden"),
  /** A token without the `api` scope writing (a `read_api` token). */
  insufficientScope: (): GitLabError => ({
    status: 403,
    body: { error: "insufficient_scope", error_description: "The request requires higher privileges than provided by the access token.", scope: "api" },
    headers: { "www-authenticate": 'Bearer realm="", error="insufficient_scope", error_description="The request requires higher privileges than provided by the access token.", scope="api"' },
  }),
  /** not_found!("Project") gives {"message":"404 Project Not Found"}; also what a private project answers an anonymous caller. */
  notFound: (what?: string): GitLabError => message(404, what ? `404 ${what} Not Found` : "404 Not found"),
  /** Grape's answer for a route GitLab does not have. */
  noRoute: (): GitLabError => ({ status: 404, body: { error: "404 Not Found" } }),
  /** Grape's parameter validation: {"error":"position[base_sha] is missing, position[start_sha] is missing"}. */
  badParameters: (problems: string[]): GitLabError => ({ status: 400, body: { error: problems.join(", ") } }),
  /** A note the model refused: {"message":"400 Bad request - Note {:line_code=>[...]}"} */
  noteInvalid: (errors: Record<string, string[]>): GitLabError => message(400, noteRefusal(errors)),
  /** rack-attack's throttle answer: plain text "Retry later", with `Retry-After` in seconds. */
  rateLimited: (retryAfter: number): GitLabError => ({
    status: 429,
    body: "Retry later\n",
    headers: {
      "retry-after": String(retryAfter),
      "ratelimit-name": "throttle_authenticated_api",
      "ratelimit-limit": "2000",
      "ratelimit-observed": "2001",
      "ratelimit-remaining": "0",
    },
  }),
  serverError: (status: 500 | 502 | 503): GitLabError =>
    status === 500 ? message(500, "500 Internal Server Error") : { status, body: status === 502 ? "502 Bad Gateway\n" : "503 Service Unavailable\n" },
  /** The deprecated `/changes` endpoint: GitLab still serves it; this server refuses it so that no code comes to rely on it. */
  gone: (text: string): GitLabError => message(410, `410 Gone - ${text}`),
};
