/**
 * The GitHub Action: one review of the pull request the workflow event is about, read and
 * posted through the API (nothing is checked out, nothing from the pull request runs).
 * Exits non-zero only when `fail-on` is met or the review really failed; a fork's pull
 * request that gets no model key (secrets are withheld from forks) ends with a notice, and
 * so does a draft, unless the base's config says `review_drafts: true`. `/review` commands
 * follow the app's rules (`answerReviewCommand`).
 */
import type { Writable } from "node:stream";
import { formatReviewText } from "../../core/render-review-text.js";
import { ServiceUnavailableError } from "../../core/service-unavailable-error.js";
import { UserError } from "../../core/user-error.js";
import { createGitHubOctokit, type GitHubOctokit, type GitHubOctokitOptions } from "../../forges/github/create-github-octokit.js";
import { GitHubChangeSource } from "../../forges/github/github-change-source.js";
import { GitHubPublisher } from "../../forges/github/github-publisher.js";
import { runReviewFlow, type ReviewFlowResult } from "../../review-flow.js";
import { PACKAGE_VERSION } from "../package-version.js";
import { readActionInputs } from "./action-inputs.js";
import { answerReviewCommand } from "../../forges/github/answer-review-command.js";
import { draftReviewsEnabled } from "../../forges/github/draft-reviews-enabled.js";
import { readWorkflowEvent } from "./workflow-event.js";
import { escapeCommandData, outputBlock, verbatimBlock, workflowCommand, type RunnerFiles } from "./workflow-commands.js";

/** What `GITHUB_TOKEN` writes as: only its comments carry markers this Action trusts. */
export const ACTIONS_BOT_LOGIN = "github-actions[bot]";

export interface ActionIo extends RunnerFiles {
  env: NodeJS.ProcessEnv;
  stdout: Writable;
  readFile(path: string): Promise<string>;
  /** Test hooks: instant rate-limit waits, an instant model retry sleep. */
  throttle?: GitHubOctokitOptions["throttle"];
  retry?: GitHubOctokitOptions["retry"];
  sleep?: (ms: number) => Promise<void>;
}

export async function runAction(io: ActionIo): Promise<number> {
  const say = (kind: "notice" | "warning" | "error", message: string) => io.stdout.write(workflowCommand(kind, message));
  try {
    const inputs = readActionInputs(io.env);
    const trigger = await readWorkflowEvent(io.env, io.readFile);
    if ("skip" in trigger) {
      say("notice", trigger.skip);
      return 0;
    }
    if ("pullRequest" in trigger && trigger.pullRequest.fork && !inputs.overrides.api_key && !io.env.OPENAI_API_KEY) {
      say(
        "notice",
        "no model API key: GitHub does not give secrets to workflows run for pull requests from forks, so this pull request is not reviewed. A maintainer can comment `/review` to review it.",
      );
      return 0;
    }
    const octokit = githubClient(io, inputs.githubToken);
    let target: ReviewTarget;
    if ("comment" in trigger) {
      const outcome = await answerReviewCommand(octokit, trigger.comment, { botLogin: ACTIONS_BOT_LOGIN });
      if (!outcome.run) {
        say("notice", outcome.why);
        return 0;
      }
      target = { ...trigger.comment, mode: outcome.mode };
    } else {
      target = trigger.pullRequest;
    }
    const source = new GitHubChangeSource({ octokit, owner: target.owner, repo: target.repo, pullNumber: target.pullNumber });
    if ("pullRequest" in trigger && trigger.pullRequest.draft) {
      // The pull request as it is now (the one read the review reuses): still a draft, and its base.
      const { draft, baseSha } = await source.pull();
      const at = { owner: target.owner, repo: target.repo, baseSha, ...(inputs.config ? { configFile: inputs.config } : {}) };
      if (draft && !(await draftReviewsEnabled(octokit, at, (message) => say("warning", message)))) {
        say("notice", `pull request #${target.pullNumber} is a draft: it is reviewed when marked ready for review (or set review_drafts: true in the base's config file)`);
        return 0;
      }
    }
    const result = await review(io, octokit, source, inputs, target);
    await writeResults(io, result);
    const { review: done, published } = result;
    if (published.verdict !== done.verdict) say("warning", `GitHub refused to ${done.verdict.replace("_", " ")}; the review was posted as a comment`);
    if (done.failedChunks.length > 0) {
      say("error", `the review is incomplete: ${done.failedChunks.length} part(s) failed. First error: ${done.failedChunks[0]!.error}`);
      return 1;
    }
    if (inputs.failOn && done.verdict === "request_changes") {
      say("error", `a finding is at least ${inputs.failOn} (fail-on)`);
      return 1;
    }
    return 0;
  } catch (error) {
    // GitHub down or refusing (after the retries), or a token it no longer takes: one line
    // that says so and a failed step, never a stack trace nor a green run.
    if (!(error instanceof UserError) && !(error instanceof ServiceUnavailableError)) throw error;
    say("error", error instanceof ServiceUnavailableError ? `the review is incomplete: ${error.message}` : error.message);
    return 1;
  }
}

interface ReviewTarget {
  owner: string;
  repo: string;
  pullNumber: number;
  mode: "incremental" | "full";
}

function githubClient(io: ActionIo, token: string): GitHubOctokit {
  // Octokit logs every 404 (an absent config file is one): debug lines, shown when a
  // workflow turns step debugging on; a failure that matters is thrown and reported.
  const debugLine = (message: string) => void io.stdout.write(`::debug::${escapeCommandData(message)}\n`);
  return createGitHubOctokit({
    token,
    baseUrl: io.env.GITHUB_API_URL,
    version: PACKAGE_VERSION,
    logger: { debug: debugLine, info: debugLine, warn: debugLine, error: debugLine },
    ...(io.throttle ? { throttle: io.throttle } : {}),
    ...(io.retry ? { retry: io.retry } : {}),
  });
}

async function review(
  io: ActionIo,
  octokit: GitHubOctokit,
  source: GitHubChangeSource,
  inputs: ReturnType<typeof readActionInputs>,
  target: ReviewTarget,
): Promise<ReviewFlowResult> {
  let configFile = null;
  if (inputs.config) {
    const text = await source.readBaseFile(inputs.config);
    if (text === null) throw new UserError(`the config input names ${inputs.config}, which the pull request's base does not have`);
    configFile = { text, source: `${inputs.config} at the base` };
  }
  return await runReviewFlow({
    source,
    publisher: new GitHubPublisher({ octokit, owner: target.owner, repo: target.repo, pullNumber: target.pullNumber, botLogin: ACTIONS_BOT_LOGIN }),
    env: io.env,
    overrides: inputs.overrides,
    configFile,
    mode: target.mode,
    // For the gateway's logs (cf-aig-metadata); the flow adds the reviewed head.
    gatewayMetadata: {
      repository: `${target.owner}/${target.repo}`,
      change: target.pullNumber,
      ...(io.env.GITHUB_EVENT_NAME ? { trigger: io.env.GITHUB_EVENT_NAME } : {}),
      version: PACKAGE_VERSION,
    },
    ...(io.sleep ? { sleep: io.sleep } : {}),
    // Nothing lost when GitHub takes nothing: the findings go to the step's log.
    onNotPosted: (done) => void io.stdout.write(`The review could not be posted; its findings:\n${verbatimBlock(formatReviewText(done))}`),
  });
}

async function writeResults(io: ActionIo, result: ReviewFlowResult): Promise<void> {
  const { review, published } = result;
  if (io.env.GITHUB_OUTPUT) {
    const outputs = [
      outputBlock("verdict", published.verdict),
      outputBlock("comments", String(published.inline)),
      // Empty when the cost is unknown (a model without a price): a script must not read 0.
      outputBlock("cost", review.usage.costUsd === null ? "" : review.usage.costUsd.toFixed(6)),
    ];
    await io.appendFile(io.env.GITHUB_OUTPUT, outputs.join(""));
  }
  if (io.env.GITHUB_STEP_SUMMARY) await io.appendFile(io.env.GITHUB_STEP_SUMMARY, `${review.summary}\n`);
}
