/** The parts of octokit's RequestError this reads (checked by shape: the class is not a dependency of ours). */
export interface GitHubRequestFailure extends Error {
  status: number;
  response?: { data?: unknown };
}

export function isRequestFailure(error: unknown): error is GitHubRequestFailure {
  return error instanceof Error && typeof (error as { status?: unknown }).status === "number";
}

/** GitHub's `message` and the `errors` it lists, which name what was wrong. */
export function githubMessage(error: GitHubRequestFailure): string {
  const data = error.response?.data as { message?: unknown; errors?: unknown } | undefined;
  const message = typeof data?.message === "string" ? data.message : error.message;
  const errors = Array.isArray(data?.errors)
    ? data.errors.map((e: unknown) => {
        if (typeof e === "string") return e;
        const described = e as { message?: unknown } | null;
        return typeof described?.message === "string" ? described.message : JSON.stringify(e);
      })
    : [];
  return [message, ...errors].join("; ");
}
