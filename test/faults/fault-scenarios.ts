/**
 * Every fault the suite injects, on every outside edge: the model (all five entries) and the
 * forges (the GitHub entries: the Action and `serve`; the GitLab ones: the CI job and
 * `serve`). A scenario queues its fault before one run; the run after it has none.
 */
import { fault as githubFault } from "../support/github-server/index.js";
import { fault as gitlabFault } from "../support/gitlab-server/index.js";
import type { EntryName, EntryWorld } from "../support/entry-worlds.js";
import { reply } from "../support/model-server.js";

export interface FaultScenario {
  fault: string;
  entries: readonly EntryName[];
  /** Queues the fault for the next run. */
  arrange(world: EntryWorld): void;
  /** Takes back what `arrange` left in force (a forge that stays down, a token that stays expired). */
  clear?(world: EntryWorld): void;
  /** What the run must end in: "complete", "partial" (it says what is missing), or either. */
  outcome: "complete" | "partial" | "either";
}

const ALL: readonly EntryName[] = ["cli", "action", "gitlab-ci", "serve-github", "serve-gitlab"];
const GITHUB: readonly EntryName[] = ["action", "serve-github"];
const GITLAB: readonly EntryName[] = ["gitlab-ci", "serve-gitlab"];

const PULL = "GET /repos/{owner}/{repo}/pulls/{pull_number}";
const REVIEW = "POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews";
const ISSUE_COMMENT = "POST /repos/{owner}/{repo}/issues/{issue_number}/comments";
const MR = "/projects/:id/merge_requests/:merge_request_iid";
const DISCUSSION = `POST ${MR}/discussions`;
const NOTE = `POST ${MR}/notes`;

/** The answer the model gives when nothing is wrong, as a reply a test can delay. */
function goodAnswer(world: EntryWorld) {
  world.answers++;
  return reply.json({ summary: "Reviewed.", comments: [{ path: world.expected.path, line: world.expected.line, severity: "major", title: "Unchecked input", body: "Validate it first." }] });
}

const model = (fault: string, arrange: (world: EntryWorld) => void, outcome: FaultScenario["outcome"] = "complete"): FaultScenario => ({
  fault: `model: ${fault}`,
  entries: ALL,
  arrange,
  outcome,
});

/**
 * A forge that fails every call from the `after`-th on, whatever the route (down, or a token
 * that expired), until the scenario clears it: `set(world, after, on)` turns it on or off.
 */
function fromCall(fault: string, entries: readonly EntryName[], after: number, set: (w: EntryWorld, after: number, on: boolean) => void): FaultScenario {
  return { fault, entries, arrange: (w) => set(w, after, true), clear: (w) => set(w, 0, false), outcome: "partial" };
}

export const FAULT_SCENARIOS: readonly FaultScenario[] = [
  model("429 with Retry-After", (w) => w.model.enqueue(reply.rateLimited({ "retry-after": "2" }))),
  model("429 without Retry-After", (w) => w.model.enqueue(reply.rateLimited({}))),
  model("500", (w) => w.model.enqueue(reply.status(500, { body: { error: { message: "internal error" } } }))),
  model("503", (w) => w.model.enqueue(reply.status(503, { body: { error: { message: "overloaded" } } }))),
  // The one real wait of the suite: a timeout is what is tested (timeout_ms is 1 s, its minimum).
  model("timeout", (w) => w.model.enqueue(reply.hang())),
  model("connection reset", (w) => w.model.enqueue(reply.reset())),
  model("truncated answer", (w) => w.model.enqueue(reply.content('{"summary": "Reviewed.", "comments": [{"path": "src/a.ts", "li', { finishReason: "length" }))),
  model("non-JSON answer", (w) => w.model.enqueue(reply.content("Looks good to me! Ship it."))),
  model("slow answer", (w) => w.model.enqueue(reply.delayed(40, goodAnswer(w)))),
  model("invented files and lines", (w) => void (w.answer = "invented")),
  model(
    "down (every attempt fails)",
    (w) => w.model.enqueue(...Array.from({ length: 3 }, () => reply.status(500, { body: { error: { message: "down" } } }))),
    "partial",
  ),

  { fault: "GitHub: 5xx on a read", entries: GITHUB, arrange: (w) => w.github!.inject(PULL, githubFault.serverError(502)), outcome: "complete" },
  { fault: "GitHub: review stored, answer lost (502)", entries: GITHUB, arrange: (w) => w.github!.inject(REVIEW, githubFault.answerLost(502)), outcome: "complete" },
  { fault: "GitHub: summary stored, answer lost (502)", entries: GITHUB, arrange: (w) => w.github!.inject(ISSUE_COMMENT, githubFault.answerLost(502)), outcome: "complete" },
  { fault: "GitHub: 429 on the review", entries: GITHUB, arrange: (w) => w.github!.inject(REVIEW, githubFault.secondaryRateLimit({ status: 429 })), outcome: "complete" },
  { fault: "GitHub: 403 secondary rate limit", entries: GITHUB, arrange: (w) => w.github!.inject(REVIEW, githubFault.secondaryRateLimit()), outcome: "complete" },
  { fault: "GitHub: 422 on the review", entries: GITHUB, arrange: (w) => w.github!.inject(REVIEW, githubFault.reviewLineNotInDiff()), outcome: "complete" },
  {
    fault: "GitHub: 400 on the review",
    entries: GITHUB,
    arrange: (w) => w.github!.inject(REVIEW, githubFault.status(400, { message: "Problems parsing JSON", documentation_url: "https://docs.github.com/rest" })),
    outcome: "either",
  },
  fromCall("GitHub: down (5xx on every call)", GITHUB, 0, (w, after, failure) => w.github!.failFrom(after, failure ? githubFault.serverError(502) : null)),
  fromCall("GitHub: token expires mid-review", GITHUB, 4, (w, after, failure) => w.github!.failFrom(after, failure ? githubFault.status(401, { message: "Bad credentials" }) : null)),
  {
    fault: "GitHub: token expires before the summary",
    entries: GITHUB,
    arrange: (w) => w.github!.inject(ISSUE_COMMENT, githubFault.status(401, { message: "Bad credentials", documentation_url: "https://docs.github.com/rest" })),
    outcome: "partial",
  },

  { fault: "GitLab: 5xx on a read", entries: GITLAB, arrange: (w) => w.gitlab!.inject(`GET ${MR}`, gitlabFault.serverError(502)), outcome: "complete" },
  { fault: "GitLab: discussion stored, answer lost (502)", entries: GITLAB, arrange: (w) => w.gitlab!.inject(DISCUSSION, gitlabFault.answerLost(502)), outcome: "complete" },
  { fault: "GitLab: summary stored, answer lost (502)", entries: GITLAB, arrange: (w) => w.gitlab!.inject(NOTE, gitlabFault.answerLost(502)), outcome: "complete" },
  { fault: "GitLab: 429 on a discussion", entries: GITLAB, arrange: (w) => w.gitlab!.inject(DISCUSSION, gitlabFault.rateLimited()), outcome: "complete" },
  { fault: "GitLab: 400 on a discussion", entries: GITLAB, arrange: (w) => w.gitlab!.inject(DISCUSSION, gitlabFault.badPosition()), outcome: "complete" },
  {
    fault: "GitLab: 422 on the summary",
    entries: GITLAB,
    arrange: (w) => w.gitlab!.inject(NOTE, gitlabFault.status(422, { message: "Unprocessable" })),
    outcome: "partial",
  },
  {
    fault: "GitLab: 403 on a discussion",
    entries: GITLAB,
    arrange: (w) => w.gitlab!.inject(DISCUSSION, gitlabFault.status(403, { message: "403 Forbidden" })),
    outcome: "partial",
  },
  fromCall("GitLab: down (5xx on every call)", GITLAB, 0, (w, after, failure) => w.gitlab!.failFrom(after, failure ? gitlabFault.serverError(500) : null)),
  fromCall("GitLab: token expires mid-review", GITLAB, 4, (w, after, failure) => w.gitlab!.failFrom(after, failure ? gitlabFault.status(401, { message: "401 Unauthorized" }) : null)),
  {
    fault: "GitLab: token expires before the summary",
    entries: GITLAB,
    arrange: (w) => w.gitlab!.inject(NOTE, gitlabFault.status(401, { message: "401 Unauthorized" })),
    outcome: "partial",
  },
];
