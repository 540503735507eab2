/**
 * The Probot app: which webhooks start a review, and the `/review` commands. Handlers only
 * decide and enqueue: Probot waits for them before answering GitHub, so the model never
 * runs here.
 *
 * Every pull request event enqueues an incremental review. On `opened`, `reopened` and
 * `ready_for_review` that is a whole review anyway when the bot has not reviewed the pull
 * request before, and after a reopen it spares what was already reviewed; a whole review
 * again is what `/review full` is for. What a `/review` comment gets (a reaction, a reply,
 * nothing) is decided by `answerReviewCommand`, shared with the Action.
 */
import type { ApplicationFunction, Context } from "probot";
import type { ReviewQueue } from "../../queue/review-queue.js";
import type { RefusedCommenters } from "../../forges/command-outcome.js";
import { answerReviewCommand } from "../../forges/github/answer-review-command.js";
import { isBot } from "../../forges/github/command-access.js";
import { draftReviewsEnabled } from "../../forges/github/draft-reviews-enabled.js";
import { type GitHubReviewJob, githubChangeKey, type PullRequestAction } from "./github-review-job.js";
import type { AppIdentity } from "./run-review-job.js";
import type { ServeJob } from "./serve-job.js";
import { parseSlashCommand } from "../../core/slash-command.js";

export interface ReviewAppDeps {
  queue: ReviewQueue<ServeJob>;
  /** Who the app writes as: its earlier replies to commands are found by it. */
  appIdentity: () => Promise<AppIdentity>;
  /** People told they may not run commands, per pull request: told once, then ignored. */
  refused: RefusedCommenters;
}

const PULL_REQUEST_EVENTS: Array<`pull_request.${PullRequestAction}`> = ["pull_request.opened", "pull_request.synchronize", "pull_request.reopened", "pull_request.ready_for_review"];

export function reviewApp(deps: ReviewAppDeps): ApplicationFunction {
  return (app) => {
    app.on(PULL_REQUEST_EVENTS, (context) => onPullRequest(context, deps.queue));
    app.on("issue_comment.created", (context) => onComment(context, deps));
  };
}

async function onPullRequest(context: Context<`pull_request.${PullRequestAction}`>, queue: ReviewQueue<ServeJob>): Promise<void> {
  const { payload } = context;
  const pull = payload.pull_request;
  const owner = payload.repository.owner.login;
  const repo = payload.repository.name;
  const key = githubChangeKey(owner, repo, pull.number);
  const log = context.log.child({ change: key });
  if (!payload.installation) {
    log.warn("pull request event without an installation (a repository webhook, not the app's?): ignored");
    return;
  }
  if (pull.state !== "open") {
    log.info({ action: payload.action }, "pull request is not open: no review");
    return;
  }
  if (pull.draft && !(await draftReviewsEnabled(context.octokit, { owner, repo, baseSha: pull.base.sha }, (message) => log.warn(message)))) {
    log.info({ action: payload.action }, "draft pull request skipped (set review_drafts: true in .ai-review.yml to review drafts)");
    return;
  }
  const job: GitHubReviewJob = {
    forge: "github",
    key,
    installationId: payload.installation.id,
    owner,
    repo,
    pullNumber: pull.number,
    mode: "incremental",
    headSha: pull.head.sha,
    deliveryId: context.id,
    trigger: { kind: "event", action: payload.action as PullRequestAction },
  };
  const outcome = await queue.enqueue(job);
  log.info({ outcome, action: payload.action, headSha: pull.head.sha }, `review ${outcome}`);
}

async function onComment(context: Context<"issue_comment.created">, deps: ReviewAppDeps): Promise<void> {
  const { payload } = context;
  const { issue, comment } = payload;
  // Conversation comments of issues come as the same event; only pull requests are reviewed.
  if (!issue.pull_request) return;
  // A comment whose author GitHub no longer knows (a deleted account) is nobody's command.
  if (!comment.user || isBot(payload.sender) || isBot(comment.user)) return;
  const command = parseSlashCommand(comment.body);
  if (!command) return;

  const owner = payload.repository.owner.login;
  const repo = payload.repository.name;
  const key = githubChangeKey(owner, repo, issue.number);
  const login = comment.user.login;
  const log = context.log.child({ change: key, commentId: comment.id, by: login });
  if (!payload.installation) {
    log.warn("comment event without an installation (a repository webhook, not the app's?): ignored");
    return;
  }
  const outcome = await answerReviewCommand(
    context.octokit,
    { owner, repo, pullNumber: issue.number, commentId: comment.id, login, association: comment.author_association, command },
    { botLogin: (await deps.appIdentity()).botLogin, refused: deps.refused },
  );
  if (!outcome.run) {
    log.info({ association: comment.author_association }, outcome.why);
    return;
  }
  const queued = await deps.queue.enqueue({
    forge: "github",
    key,
    installationId: payload.installation.id,
    owner,
    repo,
    pullNumber: issue.number,
    mode: outcome.mode,
    deliveryId: context.id,
    trigger: { kind: "command", commentId: comment.id, by: login },
  });
  log.info({ outcome: queued, mode: outcome.mode }, `/review ${queued}`);
}
