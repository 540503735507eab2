/**
 * The one thing `ai-review serve` does not do itself: review a change. The serve entry is
 * given a `RunReviewJob` (GitHub) and a `RunGitLabReviewJob` (GitLab) and calls them for
 * each job the queue starts: with an octokit authenticated as the app's installation on the
 * job's repository, or with the server's GitLab client.
 *
 * The production functions (the forge's change source and publisher, then runReviewFlow)
 * are wired by the command that starts the server; tests pass their own. This is a
 * contract, not an implementation.
 */
import type { Logger, ProbotOctokit } from "probot";
import type { ReviewFailure } from "../../forges/failure-note.js";
import type { GitLabApi } from "../../forges/gitlab/create-gitlab-api.js";
import type { GitHubReviewJob } from "./github-review-job.js";
import type { GitLabReviewJob } from "./gitlab-review-job.js";

/** Probot's octokit: `rest.*` methods, `paginate`, retry and throttling plugins; tokens renew themselves. */
export type InstallationOctokit = InstanceType<typeof ProbotOctokit>;

/** Who the app is on GitHub: only comments written as `botLogin` carry markers it trusts. */
export interface AppIdentity {
  /** `<app-slug>[bot]`, the author of everything written with the app's installation tokens. */
  botLogin: string;
}

/** Reviews one pull request; a rejection is retried, then logged as a failed review with the job's key and reported. */
export type RunReviewJob = (job: GitHubReviewJob, octokit: InstallationOctokit, log: Logger, app: AppIdentity) => Promise<void>;

/** Tells a pull request that its review failed for good (in the bot's summary comment). */
export type ReportGitHubFailure = (job: GitHubReviewJob, octokit: InstallationOctokit, log: Logger, app: AppIdentity, failure: ReviewFailure) => Promise<void>;

/** Who the bot is on GitLab: the user its token acts as (`GET /user`); only its notes carry markers it trusts. */
export interface GitLabIdentity {
  id: number;
  username: string;
}

/** Reviews one merge request; a rejection is retried, then logged as a failed review with the job's key and reported. */
export type RunGitLabReviewJob = (job: GitLabReviewJob, api: GitLabApi, log: Logger, bot: GitLabIdentity) => Promise<void>;

/** Tells a merge request that its review failed for good (in the bot's summary note). */
export type ReportGitLabFailure = (job: GitLabReviewJob, api: GitLabApi, log: Logger, bot: GitLabIdentity, failure: ReviewFailure) => Promise<void>;
