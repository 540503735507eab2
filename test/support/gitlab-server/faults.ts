/**
 * Failures a test queues for the next requests to a route: what GitLab answers when it
 * throttles, breaks, or refuses. Each fault answers one request, first in first out, before
 * the route's handler runs (so nothing is stored); faults for "*" apply to any route.
 *
 * gitbeaker retries 429 and 502 by itself (see README): one queued 429 costs a second request,
 * not an error.
 */
import { type GitLabError, gitlabError, LINE_CODE_ERRORS } from "./gitlab-errors.js";

export type Fault =
  /** 429 "Retry later" (text/plain) with `Retry-After` seconds and rack-attack's RateLimit-* headers. */
  | { kind: "rate-limited"; retryAfter: number }
  /** Any answer: 500, 502, 503, a 400, ... */
  | { kind: "status"; status: number; body: unknown; headers: Record<string, string> }
  /** The request is carried out (a note is stored), but a 5xx comes back instead of the answer: a proxy's timeout. */
  | { kind: "answer-lost"; status: 500 | 502 | 503 };

function fromError(error: GitLabError): Fault {
  return { kind: "status", status: error.status, body: error.body, headers: error.headers ?? {} };
}

export const fault = {
  /** `retryAfter` defaults to 0 so that code honouring it does not wait in tests. */
  rateLimited: (options: { retryAfter?: number } = {}): Fault => ({ kind: "rate-limited", retryAfter: options.retryAfter ?? 0 }),
  serverError: (status: 500 | 502 | 503 = 500): Fault => fromError(gitlabError.serverError(status)),
  answerLost: (status: 500 | 502 | 503 = 502): Fault => ({ kind: "answer-lost", status }),
  /** The 400 GitLab gives a discussion whose position it cannot place, whatever the request holds. */
  badPosition: (): Fault => fromError(gitlabError.noteInvalid(LINE_CODE_ERRORS)),
  status: (status: number, body: unknown = {}, headers: Record<string, string> = {}): Fault => ({ kind: "status", status, body, headers }),
};

export function faultAnswer(queued: Fault): GitLabError {
  if (queued.kind === "answer-lost") return gitlabError.serverError(queued.status);
  return queued.kind === "rate-limited" ? gitlabError.rateLimited(queued.retryAfter) : { status: queued.status, body: queued.body, headers: queued.headers };
}
