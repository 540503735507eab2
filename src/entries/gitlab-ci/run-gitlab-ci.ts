/**
 * `ai-review gitlab-ci`: one review of the merge request a GitLab CI job runs for, read and
 * posted through the API (the job needs no clone: GIT_DEPTH does not matter). Outside a
 * merge request pipeline it says so and exits 0; with only CI_JOB_TOKEN, which GitLab does
 * not let post notes, it stops before the model is called and says which token to create.
 * A draft is skipped unless the base's config says `review_drafts: true`.
 * Exit codes are the CLI's: 0 done, 1 --fail-on met, 2 user error (a token GitLab refuses,
 * a project it does not find), 3 review incomplete (a part failed, or GitLab failed).
 */
import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { Severity } from "../../core/finding.js";
import { costText } from "../../core/render-summary.js";
import { formatReviewText } from "../../core/render-review-text.js";
import { ServiceUnavailableError } from "../../core/service-unavailable-error.js";
import { createGitLabApi } from "../../forges/gitlab/create-gitlab-api.js";
import { gitlabDraftReviewsEnabled } from "../../forges/gitlab/draft-reviews-enabled.js";
import { GitLabChangeSource } from "../../forges/gitlab/gitlab-change-source.js";
import { GitLabPublisher } from "../../forges/gitlab/gitlab-publisher.js";
import { runReviewFlow } from "../../review-flow.js";
import type { CliIo } from "../cli-io.js";
import { EXIT_FINDINGS, EXIT_INCOMPLETE, EXIT_OK } from "../exit-codes.js";
import { PACKAGE_VERSION } from "../package-version.js";
import { readCiJob } from "./ci-variables.js";
import { codeQualityReport } from "./codequality-report.js";

export interface GitLabCiFlags {
  codequality?: string;
  failOn?: Severity;
}

export type GitLabCiIo = Pick<CliIo, "stdout" | "stderr" | "env" | "cwd" | "sleep">;

export async function runGitLabCi(flags: GitLabCiFlags, io: GitLabCiIo): Promise<number> {
  try {
    return await reviewInCi(flags, io);
  } catch (error) {
    // GitLab down, erring or rate limiting: one line that says so, not a stack trace; a
    // second run may well succeed, as after a model that could not be reached.
    if (!(error instanceof ServiceUnavailableError)) throw error;
    io.stderr.write(`ai-review: the review is incomplete: ${error.message.replace(/[\r\n]+/g, " ")}\n`);
    return EXIT_INCOMPLETE;
  }
}

async function reviewInCi(flags: GitLabCiFlags, io: GitLabCiIo): Promise<number> {
  const job = readCiJob(io.env);
  if ("skip" in job) {
    io.stdout.write(`ai-review: ${job.skip}\n`);
    return EXIT_OK;
  }
  const api = createGitLabApi({
    ...(job.host ? { host: job.host } : {}),
    token: job.token,
    ...(io.sleep ? { sleep: io.sleep } : {}),
    onWait: (message) => void io.stderr.write(`ai-review: ${message}\n`),
  });
  const address = { api, projectId: job.projectId, mergeRequestIid: job.mergeRequestIid };
  const source = new GitLabChangeSource(address);
  const facts = await source.mergeRequest();
  if (facts.draft && !(await gitlabDraftReviewsEnabled(source, (message) => void io.stderr.write(`ai-review: ${message}\n`)))) {
    io.stdout.write(`ai-review: ${job.projectId}!${job.mergeRequestIid} is a draft: it is reviewed when marked ready (or set review_drafts: true in the base's .ai-review.yml)\n`);
    return EXIT_OK;
  }
  const head = facts.diffRefs.headSha;
  if (job.commitSha && head !== job.commitSha && head !== job.sourceSha) {
    io.stderr.write(`ai-review: the merge request moved on to ${head.slice(0, 12)} since this pipeline's ${job.commitSha.slice(0, 12)}; reviewing ${head.slice(0, 12)}\n`);
  }
  const result = await runReviewFlow({
    source,
    publisher: new GitLabPublisher(address),
    env: io.env,
    overrides: { fail_on: flags.failOn },
    gatewayMetadata: { repository: job.projectId, change: String(job.mergeRequestIid), trigger: "gitlab-ci", version: PACKAGE_VERSION },
    ...(io.sleep ? { sleep: io.sleep } : {}),
    // Nothing lost when GitLab takes nothing: the findings go to the job's log.
    onNotPosted: (review) => void io.stderr.write(`ai-review: the review could not be posted; its findings:\n${formatReviewText(review)}\n`),
  });
  const { review, published } = result;
  if (flags.codequality) {
    await writeFile(resolve(io.cwd, flags.codequality), `${JSON.stringify(codeQualityReport(review), null, 2)}\n`, "utf8");
  }
  io.stdout.write(
    `ai-review: ${published.verdict.replace("_", " ")} on ${job.projectId}!${job.mergeRequestIid}: ${published.inline} comment(s) posted, ` +
      `${published.movedToSummary} moved to the summary, cost ${costText(review.usage)}${published.summaryUrl ? `\nsummary: ${published.summaryUrl}` : ""}\n`,
  );
  if (review.failedChunks.length > 0) {
    io.stderr.write(`ai-review: the review is incomplete: ${review.failedChunks.length} part(s) failed. First error: ${review.failedChunks[0]!.error}\n`);
    return EXIT_INCOMPLETE;
  }
  if (flags.failOn && review.verdict === "request_changes") return EXIT_FINDINGS;
  return EXIT_OK;
}

