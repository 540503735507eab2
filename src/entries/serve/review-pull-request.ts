/**
 * The production `RunReviewJob`: one pull request reviewed through the GitHub source and
 * publisher and the shared flow. It takes a fresh installation token from Probot's octokit
 * and builds ai-review's own client with it, whose throttling waits out secondary rate
 * limits within bounds (Probot's client gives up on them).
 */
import type { Logger } from "probot";
import { createGitHubOctokit } from "../../forges/github/create-github-octokit.js";
import { GitHubChangeSource } from "../../forges/github/github-change-source.js";
import { GitHubPublisher } from "../../forges/github/github-publisher.js";
import { formatReviewText } from "../../core/render-review-text.js";
import { runReviewFlow } from "../../review-flow.js";
import { PACKAGE_VERSION } from "../package-version.js";
import { publishedLogFields } from "./published-log-fields.js";
import type { RunReviewJob } from "./run-review-job.js";
import { SERVER_OWNED_KEYS } from "./server-owned-keys.js";


export interface ReviewPullRequestOptions {
  env: NodeJS.ProcessEnv;
  /** Test hooks: the plugins' waits and the model's retry sleep made instant. */
  throttle?: Parameters<typeof createGitHubOctokit>[0]["throttle"];
  retry?: Parameters<typeof createGitHubOctokit>[0]["retry"];
  sleep?: (ms: number) => Promise<void>;
}

export function reviewPullRequest(options: ReviewPullRequestOptions): RunReviewJob {
  return async (job, installationOctokit, log, app) => {
    const { token } = (await installationOctokit.auth({ type: "installation" })) as { token: string };
    const octokit = createGitHubOctokit({
      token,
      baseUrl: options.env.GITHUB_API_URL,
      version: PACKAGE_VERSION,
      logger: pinoAsGitHubLogger(log),
      ...(options.throttle ? { throttle: options.throttle } : {}),
      ...(options.retry ? { retry: options.retry } : {}),
    });
    const address = { octokit, owner: job.owner, repo: job.repo, pullNumber: job.pullNumber };
    const result = await runReviewFlow({
      source: new GitHubChangeSource(address),
      publisher: new GitHubPublisher({ ...address, botLogin: app.botLogin }),
      env: options.env,
      fileMayNotSet: SERVER_OWNED_KEYS,
      mode: job.mode,
      gatewayMetadata: {
        repository: `${job.owner}/${job.repo}`,
        change: job.pullNumber,
        trigger: job.trigger.kind === "event" ? `pull_request.${job.trigger.action}` : "comment",
        version: PACKAGE_VERSION,
      },
      ...(options.sleep ? { sleep: options.sleep } : {}),
      // Nothing lost when the forge takes nothing: the findings go to the log with the failure.
      onNotPosted: (review) => log.error({ findings: formatReviewText(review) }, "review not posted; its findings are here"),
    });
    log.info(publishedLogFields(result), "review published");
  };
}

function pinoAsGitHubLogger(log: Logger) {
  return {
    debug: (message: string) => log.debug(message),
    info: (message: string) => log.info(message),
    warn: (message: string) => log.warn(message),
    error: (message: string) => log.error(message),
  };
}
