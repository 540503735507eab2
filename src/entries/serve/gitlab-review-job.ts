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
  /** `gitlab:gitlab.example.com/projects/42!7`: by the project's id, which a rename or a transfer keeps. */
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

/**
 * One key per merge request, so that one review of it runs at a time. `host` is the
 * instance's host (and port), as in GITLAB_URL. The project goes by its id, not its path:
 * a project renamed or moved while a review runs would otherwise get a second key, and two
 * reviews of one merge request would post side by side.
 */
export function gitlabChangeKey(host: string, projectId: number, mergeRequestIid: number): string {
  return `gitlab:${host.toLowerCase()}/projects/${projectId}!${mergeRequestIid}`;
}
