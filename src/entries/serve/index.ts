/**
 * The serve entry's public surface. The command that starts the server imports
 * `./start-server.js` directly: the import-graph rules count this file as the "serve"
 * entry, and no entry may import another.
 */
export { startServer, type RunningServer, type StartServerOptions } from "./start-server.js";
export type { GitHubReviewJob, GitHubReviewTrigger } from "./github-review-job.js";
export type { InstallationOctokit, RunReviewJob } from "./run-review-job.js";
export type { GitLabReviewJob, GitLabReviewTrigger } from "./gitlab-review-job.js";
export type { ServeJob } from "./serve-job.js";
export type { GitLabIdentity, RunGitLabReviewJob } from "./run-review-job.js";
