/**
 * The one thing `ai-review serve` does not do itself: review a pull request. The serve
 * entry is given a `RunReviewJob` and calls it for each job the queue starts, with an
 * octokit authenticated as the app's installation on the job's repository.
 *
 * The production function (GitHubChangeSource and GitHubPublisher over that octokit,
 * then runReviewFlow) is wired by the command that starts the server; tests pass their
 * own. This is a contract, not an implementation.
 */
import type { Logger, ProbotOctokit } from "probot";
import type { GitHubReviewJob } from "./github-review-job.js";

/** Probot's octokit: `rest.*` methods, `paginate`, retry and throttling plugins; tokens renew themselves. */
export type InstallationOctokit = InstanceType<typeof ProbotOctokit>;

/** Who the app is on GitHub: only comments written as `botLogin` carry markers it trusts. */
export interface AppIdentity {
  /** `<app-slug>[bot]`, the author of everything written with the app's installation tokens. */
  botLogin: string;
}

/** Reviews one pull request; a rejection is logged as a failed review with the job's key. */
export type RunReviewJob = (job: GitHubReviewJob, octokit: InstallationOctokit, log: Logger, app: AppIdentity) => Promise<void>;
