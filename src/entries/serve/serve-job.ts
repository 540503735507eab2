/**
 * Every job `ai-review serve` queues: GitHub pull requests and GitLab merge requests share
 * one queue, so AI_REVIEW_CONCURRENT_REVIEWS bounds the model calls of both together.
 */
import type { GitHubReviewJob } from "./github-review-job.js";
import type { GitLabReviewJob } from "./gitlab-review-job.js";

export type ServeJob = GitHubReviewJob | GitLabReviewJob;
