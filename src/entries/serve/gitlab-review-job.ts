/**
 * A review job of a GitLab merge request, as the GitLab webhook handlers enqueue it and the
 * GitLab job runner receives it. Plain data: a Redis-backed queue stores it as JSON.
 */
import type { QueueJob } from "../../queue/queue-job.js";

/** `ready`: an `update` that took the merge request out of draft (GitHub's ready_for_review). */
export type MergeRequestAction = "open" | "reopen" | "update" | "ready";

export type GitLabReviewTrigger =
  | { kind: "event"; action: MergeRequestAction }
  /** A `/review` note: its id (for the eyes emoji already given) and who wrote it. */
  | { kind: "command"; noteId: number; by: string };

export interface GitLabReviewJob extends QueueJob {
  forge: "gitlab";
  /** `gitlab:gitlab.example.com/group/project!7`, lower-cased: GitLab paths are case-insensitive. */
  key: string;
  /** The project's numeric id: what the API is asked with (it survives a rename). */
  projectId: number;
  /** `group/project`, for the key, logs and the gateway's metadata. */
  projectPath: string;
  mergeRequestIid: number;
  /** The head the event announced; absent for a command (review whatever the head is then). */
  headSha?: string;
  trigger: GitLabReviewTrigger;
}

/** `host` is the instance's host (and port), as in GITLAB_URL. */
export function gitlabChangeKey(host: string, projectPath: string, mergeRequestIid: number): string {
  return `gitlab:${host}/${projectPath}`.toLowerCase() + `!${mergeRequestIid}`;
}
