/**
 * Failures a test queues for the next requests to a route: the answers GitHub gives when it
 * limits, breaks, or refuses. Each fault answers one request, first in first out, before
 * the route's handler runs (so nothing is stored). Faults for "*" apply to any route, after
 * the route's own.
 */
import { type GitHubError, githubError } from "./github-errors.js";

export type Fault =
  /** 403 (or 429) "You have exceeded a secondary rate limit", with `retry-after` seconds when given. */
  | { kind: "secondary-rate-limit"; retryAfter: number | undefined; status: 403 | 429 }
  /** 403 with `x-ratelimit-remaining: 0` and `x-ratelimit-reset` `resetIn` seconds ahead. */
  | { kind: "primary-rate-limit"; resetIn: number }
  /** Any answer, e.g. 500, 502, a plain 429, or a 422 for the next review. */
  | { kind: "status"; status: number; body: unknown; headers: Record<string, string> }
  /** The request is carried out (a write is stored), but the answer is lost: a 5xx comes back instead, as when GitHub's front end times out. */
  | { kind: "answer-lost"; status: 500 | 502 | 503 };

export const fault = {
  secondaryRateLimit: (options: { retryAfter?: number; status?: 403 | 429 } = {}): Fault => ({
    kind: "secondary-rate-limit",
    retryAfter: "retryAfter" in options ? options.retryAfter : 1,
    status: options.status ?? 403,
  }),
  primaryRateLimit: (resetIn = 1): Fault => ({ kind: "primary-rate-limit", resetIn }),
  status: (status: number, body: unknown = {}, headers: Record<string, string> = {}): Fault => ({ kind: "status", status, body, headers }),
  serverError: (status: 500 | 502 | 503 = 500): Fault => fromError(githubError.serverError(status)),
  answerLost: (status: 500 | 502 | 503 = 502): Fault => ({ kind: "answer-lost", status }),
  /** The 422 GitHub gives a review whose comment is off the diff, whatever the review holds. */
  reviewLineNotInDiff: (): Fault =>
    fromError(
      githubError.unprocessable(
        "https://docs.github.com/rest/pulls/reviews#create-a-review-for-a-pull-request",
        "Pull request review thread line must be part of the diff and Pull request review thread diff hunk can't be blank",
      ),
    ),
};

function fromError(error: GitHubError): Fault {
  return { kind: "status", status: error.status, body: error.body, headers: error.headers ?? {} };
}

/** Generic over the fault type so the test GitLab server queues its own faults the same way. */
export class FaultQueue<F extends { kind: string } = Fault> {
  private readonly queues = new Map<string, F[]>();
  /** Set by `failFrom`: after `pass` more requests, every request gets `fault` (a token that expired). */
  private from: { pass: number; fault: F } | null = null;

  add(route: string, faults: F[]): void {
    this.queues.set(route, [...(this.queues.get(route) ?? []), ...faults]);
  }

  /** The fault for this request, if one is queued for its route or for any route. */
  take(route: string): F | undefined {
    const queued = this.queues.get(route)?.shift() ?? this.queues.get("*")?.shift();
    if (queued || !this.from) return queued;
    if (this.from.pass > 0) {
      this.from.pass--;
      return undefined;
    }
    return this.from.fault;
  }

  /** Lets `calls` more requests through, then answers every later one with `fault`, on any route (null: no more). */
  failFrom(calls: number, fault: F | null): void {
    this.from = fault && { pass: calls, fault };
  }

  /** Faults queued and never used: a test that expected them to fire learns they did not. */
  pending(): { route: string; fault: F }[] {
    return [...this.queues].flatMap(([route, faults]) => faults.map((queued) => ({ route, fault: queued })));
  }
}
