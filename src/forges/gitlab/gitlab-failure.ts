/**
 * What a failed gitbeaker call says, read by shape: gitbeaker's `GitbeakerRequestError`
 * carries the fetch `Response` in `cause.response` and GitLab's message (`message`, or
 * `error`) in `cause.description`.
 */
interface RequestFailureCause {
  description?: unknown;
  response?: { status?: unknown; headers?: { get(name: string): string | null } };
}

function causeOf(error: unknown): RequestFailureCause | null {
  if (!(error instanceof Error)) return null;
  const cause = (error as { cause?: unknown }).cause;
  return typeof cause === "object" && cause !== null ? (cause as RequestFailureCause) : null;
}

/** The HTTP status of a refused call, or null for a failure that got no answer. */
export function gitlabStatus(error: unknown): number | null {
  const status = causeOf(error)?.response?.status;
  return typeof status === "number" ? status : null;
}

/** GitLab's own words: `{"message": ...}` flattened ("400 Bad request - Note {:line_code=>["can't be blank"]}"). */
export function gitlabMessage(error: unknown): string {
  const description = causeOf(error)?.description;
  if (typeof description === "string" && description !== "") return description;
  return error instanceof Error ? error.message : String(error);
}
