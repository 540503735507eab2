/**
 * The Probot app: which webhooks start a review, and the `/review` commands. Handlers only
 * decide and enqueue: Probot waits for them before answering GitHub, so the model never
 * runs here.
 *
 * Every pull request event enqueues an incremental review. On `opened`, `reopened` and
 * `ready_for_review` that is a whole review anyway when the bot has not reviewed the pull
 * request before, and after a reopen it spares what was already reviewed; a whole review
 * again is what `/review full` is for.
 */
import type { ApplicationFunction, Context } from "probot";
import type { ReviewQueue } from "../../queue/review-queue.js";
import { accessFromAssociation, hasWriteAccess, isBot } from "../../forges/github/command-access.js";
import { helpReply, notAllowedReply } from "../../core/command-replies.js";
import { draftReviewsEnabled } from "./draft-reviews-enabled.js";
import { type GitHubReviewJob, githubChangeKey, type PullRequestAction } from "./github-review-job.js";
import type { InstallationOctokit } from "./run-review-job.js";
import { parseSlashCommand } from "../../core/slash-command.js";

const PULL_REQUEST_EVENTS: Array<`pull_request.${PullRequestAction}`> = ["pull_request.opened", "pull_request.synchronize", "pull_request.reopened", "pull_request.ready_for_review"];

export function reviewApp(queue: ReviewQueue<GitHubReviewJob>): ApplicationFunction {
  return (app) => {
    app.on(PULL_REQUEST_EVENTS, (context) => onPullRequest(context, queue));
    app.on("issue_comment.created", (context) => onComment(context, queue));
  };
}

async function onPullRequest(context: Context<`pull_request.${PullRequestAction}`>, queue: ReviewQueue<GitHubReviewJob>): Promise<void> {
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
  if (pull.draft && !(await draftReviewsEnabled(context.octokit, { owner, repo, baseSha: pull.base.sha }, log))) {
    log.info({ action: payload.action }, "draft pull request skipped (set review_drafts: true in .ai-review.yml to review drafts)");
    return;
  }
  const job: GitHubReviewJob = {
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

async function onComment(context: Context<"issue_comment.created">, queue: ReviewQueue<GitHubReviewJob>): Promise<void> {
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
  const octokit = context.octokit;
  const allowed = accessFromAssociation(comment.author_association) === "allowed" || (await hasWriteAccess(octokit, owner, repo, login));
  if (!allowed) {
    await octokit.rest.issues.createComment({ owner, repo, issue_number: issue.number, body: notAllowedReply(login) });
    log.info({ association: comment.author_association }, "/review refused: no write access");
    return;
  }
  if (command.kind === "help") {
    await octokit.rest.issues.createComment({ owner, repo, issue_number: issue.number, body: helpReply(command.unknown) });
    log.info("/review help answered");
    return;
  }
  await octokit.rest.reactions.createForIssueComment({ owner, repo, comment_id: comment.id, content: "eyes" });
  const outcome = await queue.enqueue({
    key,
    installationId: payload.installation.id,
    owner,
    repo,
    pullNumber: issue.number,
    mode: command.mode,
    deliveryId: context.id,
    trigger: { kind: "command", commentId: comment.id, by: login },
  });
  log.info({ outcome, mode: command.mode }, `/review ${outcome}`);
}
