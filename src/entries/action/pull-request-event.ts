/**
 * Which pull request a workflow run is about, from the event GitHub wrote to
 * `GITHUB_EVENT_PATH`. `pull_request` and `pull_request_target` name it directly; the head
 * SHA comes from the payload's `pull_request.head`, never from `GITHUB_SHA` (a merge commit).
 */
import { UsageError } from "../usage-error.js";

export interface PullRequestTarget {
  owner: string;
  repo: string;
  pullNumber: number;
  /** The head lives in another repository: secrets are withheld from its runs. */
  fork: boolean;
  mode: "incremental" | "full";
  /** A draft when the event was sent: reviewed only if the base's config says `review_drafts: true`. */
  draft: boolean;
}

const REVIEWED_ACTIONS = new Set(["opened", "synchronize", "reopened", "ready_for_review"]);

export interface PullRequestPayload {
  action?: string;
  pull_request?: {
    number: number;
    draft?: boolean;
    head?: { repo?: { full_name?: string; fork?: boolean } | null };
    base?: { repo?: { full_name?: string } };
  };
  repository?: { name: string; owner: { login: string } };
}

export function readPullRequestEvent(name: string, event: PullRequestPayload, path: string): PullRequestTarget | { skip: string } {
  const pull = event.pull_request;
  if (!pull || !event.repository) throw new UsageError(`the ${name} event at ${path} has no pull request`);
  if (event.action && !REVIEWED_ACTIONS.has(event.action)) {
    return { skip: `nothing to review for a pull request that was ${event.action.replace(/_/g, " ")}` };
  }
  const headRepo = pull.head?.repo;
  return {
    owner: event.repository.owner.login,
    repo: event.repository.name,
    pullNumber: pull.number,
    // A deleted fork has no head repository; treat it as a fork, it gets no secrets either.
    fork: headRepo === null || headRepo?.fork === true || (headRepo?.full_name !== undefined && headRepo.full_name !== pull.base?.repo?.full_name),
    mode: event.action === "synchronize" ? "incremental" : "full",
    draft: pull.draft === true && event.action !== "ready_for_review",
  };
}
