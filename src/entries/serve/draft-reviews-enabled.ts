/**
 * Whether a repository wants its draft pull requests reviewed: `review_drafts: true` in the
 * `.ai-review.yml` of the pull request's base commit. Read from the base, as every config
 * read is, so a draft cannot switch its own review on. Asked only for drafts, so ordinary
 * pull requests cost no extra API call before the webhook answers.
 */
import type { Logger } from "probot";
import { ConfigError, DEFAULT_CONFIG_FILE, loadConfig } from "../../config.js";
import type { InstallationOctokit } from "./run-review-job.js";

export async function draftReviewsEnabled(
  octokit: InstallationOctokit,
  at: { owner: string; repo: string; baseSha: string },
  log: Logger,
): Promise<boolean> {
  let text: string;
  try {
    const { data } = await octokit.rest.repos.getContent({ owner: at.owner, repo: at.repo, path: DEFAULT_CONFIG_FILE, ref: at.baseSha, mediaType: { format: "raw" } });
    text = typeof data === "string" ? data : "";
  } catch (error) {
    if ((error as { status?: number }).status === 404) return false;
    throw error;
  }
  const source = `${DEFAULT_CONFIG_FILE} of ${at.owner}/${at.repo} at ${at.baseSha.slice(0, 12)}`;
  try {
    return loadConfig({ file: { text, source }, env: {} }).review_drafts;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // The review itself reports a broken config; here it only means drafts stay skipped.
    log.warn({ err: { message: error.message } }, `draft skipped: ${source} is invalid, so review_drafts counts as false`);
    return false;
  }
}
