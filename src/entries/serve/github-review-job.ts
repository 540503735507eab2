/**
 * A review job of a GitHub pull request, as the webhook handlers enqueue it and `runJob`
 * receives it. Plain data: a Redis-backed queue stores it as JSON.
 */
import type { QueueJob } from "../../queue/queue-job.js";

export type PullRequestAction = "opened" | "synchronize" | "reopened" | "ready_for_review";

export type GitHubReviewTrigger =
  | { kind: "event"; action: PullRequestAction }
  /** A `/review` comment: its id (for the 👀 reaction already given) and who wrote it. */
  | { kind: "command"; commentId: number; by: string };

export interface GitHubReviewJob extends QueueJob {
  forge: "github";
  /** `github:owner/repo#12`, lower-cased: GitHub names are case-insensitive. */
  key: string;
  installationId: number;
  owner: string;
  repo: string;
  pullNumber: number;
  /** The head the event announced; absent for a command (review whatever the head is then). */
  headSha?: string;
  trigger: GitHubReviewTrigger;
}

export function githubChangeKey(owner: string, repo: string, pullNumber: number): string {
  return `github:${owner}/${repo}`.toLowerCase() + `#${pullNumber}`;
}
