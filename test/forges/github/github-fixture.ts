/**
 * What the GitHub adapter tests share: the test GitHub server, a repository built with the
 * real git binary, and the adapter's own octokit (`createGitHubOctokit`) pointed at the
 * server with the plugins' waits made milliseconds, so no test waits real seconds.
 */
import { createGitHubOctokit, type GitHubLogger } from "../../../src/forges/github/create-github-octokit.js";
import type { Review, ReviewComment } from "../../../src/core/review-result.js";
import type { Verdict } from "../../../src/core/verdict.js";
import { createRepo, type Repo } from "../../support/git-repo.js";
import { reviewWith } from "../../support/review-with.js";
import { startGitHubServer, type GitHubServer } from "../../support/github-server/index.js";
import { unspacedThrottleGroups } from "../../support/github-server/test-octokit.js";

export const OWNER = "acme";
export const REPO = "widgets";

export interface Fixture {
  github: GitHubServer;
  git: Repo;
  logged: string[];
  octokit(token: string, options?: { maxLimitRetries?: number; maxWaitSeconds?: number }): ReturnType<typeof createGitHubOctokit>;
  close(): Promise<void>;
}

export async function startFixture(options: { maxPatchBytes?: number } = {}): Promise<Fixture> {
  const github = await startGitHubServer(options);
  const git = createRepo();
  const logged: string[] = [];
  const logger: GitHubLogger = {
    debug: (m) => void logged.push(`debug ${m}`),
    info: (m) => void logged.push(`info ${m}`),
    warn: (m) => void logged.push(`warn ${m}`),
    error: (m) => void logged.push(`error ${m}`),
  };
  return {
    github,
    git,
    logged,
    octokit: (token, limits = {}) =>
      createGitHubOctokit({
        token,
        baseUrl: github.url,
        version: "0.0.0-test",
        logger,
        ...limits,
        throttle: { ...unspacedThrottleGroups(), retryAfterBaseValue: 1 },
        retry: { retryAfterBaseValue: 1 },
      }),
    async close() {
      git.cleanup();
      await github.close();
    },
  };
}

/** A review as the engine hands it to a publisher, with only what publishing reads filled in. */
export function reviewOf(head: string, comments: ReviewComment[], verdict: Verdict = "comment", summary = "## AI review\n"): Review {
  return reviewWith({ verdict, summary, comments, head });
}

/** A finding on a line of the new file, its fingerprint made from `n`. */
export function findingAt(path: string, line: number, n: number, overrides: Partial<ReviewComment> = {}): ReviewComment {
  return {
    path,
    line,
    side: "RIGHT",
    severity: "minor",
    title: `Finding ${n}`,
    body: `Line ${line} of ${path} needs a look.`,
    fingerprint: (0xf000 + n).toString(16).padStart(16, "0"),
    ...overrides,
  };
}
