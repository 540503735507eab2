/**
 * What GitLab's webhooks start, as the Probot app does for GitHub (`review-app.ts`):
 * handlers only decide and enqueue, GitLab waits for the answer (10 s by default), so the
 * model never runs here.
 *
 * - Merge Request Hook: `open`, `reopen`, and `update` when it pushed commits (it carries
 *   `oldrev`) or took the merge request out of draft (GitHub's ready_for_review) enqueue an
 *   incremental review; other updates (a title, a label, an approval) do nothing. A draft
 *   is skipped unless the base's `.ai-review.yml` says `review_drafts: true`.
 * - Note Hook: a `/review` command in a new merge request note, answered by
 *   `answerGitLabReviewCommand` (Developer access or more, an `eyes` emoji, one reply to
 *   others). Notes of the bot itself (its user, or a body starting with one of its markers),
 *   of other token bots, system notes and edits are never commands.
 */
import type { Logger } from "probot";
import { startsWithMarker } from "../../core/review-marker.js";
import { parseSlashCommand } from "../../core/slash-command.js";
import type { RefusedCommenters } from "../../forges/command-outcome.js";
import { answerGitLabReviewCommand } from "../../forges/gitlab/answer-review-command.js";
import { isTokenBot } from "../../forges/gitlab/command-access.js";
import type { GitLabApi } from "../../forges/gitlab/create-gitlab-api.js";
import { gitlabDraftReviewsEnabled } from "../../forges/gitlab/draft-reviews-enabled.js";
import { GitLabChangeSource } from "../../forges/gitlab/gitlab-change-source.js";
import type { ReviewQueue } from "../../queue/review-queue.js";
import type { GitLabHook, MergeRequestHook, NoteHook } from "./gitlab-hook-payload.js";
import { gitlabChangeKey, type GitLabReviewJob, type MergeRequestAction } from "./gitlab-review-job.js";
import type { GitLabIdentity } from "./run-review-job.js";
import type { ServeJob } from "./serve-job.js";

export interface GitLabHooksDeps {
  queue: ReviewQueue<ServeJob>;
  api: GitLabApi;
  /** The instance's host (GITLAB_URL's), for job keys. */
  instanceHost: string;
  identity: () => Promise<GitLabIdentity>;
  /** People told they may not run commands, per merge request: told once, then ignored. */
  refused: RefusedCommenters;
}

export function gitlabHooks(deps: GitLabHooksDeps): (hook: GitLabHook, deliveryId: string, log: Logger) => Promise<string> {
  return (hook, deliveryId, log) =>
    hook.event === "Merge Request Hook" ? onMergeRequest(hook.payload, deliveryId, log, deps) : onNote(hook.payload, deliveryId, log, deps);
}

async function onMergeRequest(payload: MergeRequestHook, deliveryId: string, parentLog: Logger, deps: GitLabHooksDeps): Promise<string> {
  const { project, object_attributes: mr } = payload;
  const key = gitlabChangeKey(deps.instanceHost, project.id, mr.iid);
  const log = parentLog.child({ change: key, project: project.path_with_namespace });
  const action = reviewedAction(payload);
  if (!action) {
    log.info({ action: mr.action }, "merge request event ignored: no new commits");
    return `${mr.action ?? "event"} ignored: no new commits`;
  }
  if (mr.state !== "opened") {
    log.info({ action }, "merge request is not open: no review");
    return "ignored: the merge request is not open";
  }
  if (mr.draft ?? mr.work_in_progress ?? false) {
    const source = new GitLabChangeSource({ api: deps.api, projectId: project.id, mergeRequestIid: mr.iid });
    if (!(await gitlabDraftReviewsEnabled(source, (message) => log.warn(message)))) {
      log.info({ action }, "draft merge request skipped (set review_drafts: true in .ai-review.yml to review drafts)");
      return "draft skipped";
    }
  }
  const headSha = mr.last_commit?.id;
  const job: GitLabReviewJob = {
    forge: "gitlab",
    key,
    projectId: project.id,
    projectPath: project.path_with_namespace,
    mergeRequestIid: mr.iid,
    mode: "incremental",
    ...(headSha ? { headSha } : {}),
    deliveryId,
    trigger: { kind: "event", action },
  };
  const outcome = await deps.queue.enqueue(job);
  log.info({ outcome, action, headSha }, `review ${outcome}`);
  return `review ${outcome}`;
}

/** The action a review answers, or null for an event that brings nothing new to review. */
function reviewedAction(payload: MergeRequestHook): MergeRequestAction | null {
  const { action, oldrev } = payload.object_attributes;
  if (action === "open" || action === "reopen") return action;
  if (action !== "update") return null;
  if (oldrev) return "update";
  const draft = payload.changes?.draft ?? payload.changes?.work_in_progress;
  return draft?.previous === true && draft.current === false ? "ready" : null;
}

async function onNote(payload: NoteHook, deliveryId: string, parentLog: Logger, deps: GitLabHooksDeps): Promise<string> {
  const { project, user, object_attributes: note, merge_request: mr } = payload;
  // Comments on issues, commits and snippets come as the same event; only merge requests are reviewed.
  if (note.noteable_type !== "MergeRequest" || !mr) return "ignored: not a merge request note";
  if ((note.action ?? "create") !== "create" || note.system) return "ignored: not a new comment";
  if (isTokenBot(user.username) || startsWithMarker(note.note)) return "ignored: a bot's note";
  const command = parseSlashCommand(note.note);
  if (!command) return "ignored: not a command";

  const key = gitlabChangeKey(deps.instanceHost, project.id, mr.iid);
  const log = parentLog.child({ change: key, project: project.path_with_namespace, noteId: note.id, by: user.username });
  const bot = await deps.identity();
  if (user.id === bot.id || user.username.toLowerCase() === bot.username.toLowerCase()) return "ignored: the bot's own note";
  const outcome = await answerGitLabReviewCommand(
    deps.api,
    { projectId: project.id, projectPath: project.path_with_namespace, mergeRequestIid: mr.iid, noteId: note.id, userId: user.id, username: user.username, command },
    { botUsername: bot.username, refused: deps.refused },
  );
  if (!outcome.run) {
    log.info(outcome.why);
    return outcome.why;
  }
  const queued = await deps.queue.enqueue({
    forge: "gitlab",
    key,
    projectId: project.id,
    projectPath: project.path_with_namespace,
    mergeRequestIid: mr.iid,
    mode: outcome.mode,
    deliveryId,
    trigger: { kind: "command", noteId: note.id, by: user.username },
  });
  log.info({ outcome: queued, mode: outcome.mode }, `/review ${queued}`);
  return `/review ${queued}`;
}
