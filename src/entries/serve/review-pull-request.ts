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
import { runReviewFlow } from "../../review-flow.js";
import { PACKAGE_VERSION } from "../package-version.js";
import type { RunReviewJob } from "./run-review-job.js";

/** Config keys a repository's `.ai-review.yml` may not set on this server's bill. */
export const SERVER_OWNED_KEYS = ["base_url", "api_key", "gateway", "gateway_token_env", "byok", "headers"] as const;

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
      // The model key and the environment are the server's: a repository's config must not
      // send the key to another gateway, nor name server variables to send as headers.
      fileMayNotSet: SERVER_OWNED_KEYS,
      mode: job.mode,
      ...(options.sleep ? { sleep: options.sleep } : {}),
    });
    const { review, published } = result;
    log.info(
      {
        verdict: published.verdict,
        inline: published.inline,
        movedToSummary: published.movedToSummary,
        failedParts: review.failedChunks.length,
        calls: review.usage.calls,
        promptTokens: review.usage.promptTokens,
        completionTokens: review.usage.completionTokens,
        costUsd: review.usage.costUsd,
        writeCalls: published.writeCalls,
      },
      "review published",
    );
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
