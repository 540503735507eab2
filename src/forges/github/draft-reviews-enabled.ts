/**
 * Whether a repository wants its draft pull requests reviewed: `review_drafts: true` in the
 * config file (`.ai-review.yml`, or the Action's `config` input) of the pull request's base
 * commit. Read from the base, as every config read is, so a draft cannot switch its own
 * review on. Asked only for drafts, so ordinary pull requests cost no extra API call. The
 * app and the Action both decide by it.
 */
import { ConfigError, DEFAULT_CONFIG_FILE, loadConfig } from "../../config.js";
import type { GitHubRest } from "./create-github-octokit.js";
import { explainGitHubFailure } from "./explain-github-failure.js";
import { isRequestFailure } from "./github-message.js";

export async function draftReviewsEnabled(
  octokit: GitHubRest,
  at: { owner: string; repo: string; baseSha: string; configFile?: string },
  warn: (message: string) => void,
): Promise<boolean> {
  const path = at.configFile ?? DEFAULT_CONFIG_FILE;
  let text: string;
  try {
    const { data } = await octokit.rest.repos.getContent({ owner: at.owner, repo: at.repo, path, ref: at.baseSha, mediaType: { format: "raw" } });
    text = typeof data === "string" ? data : "";
  } catch (error) {
    if (isRequestFailure(error) && error.status === 404) return false;
    throw explainGitHubFailure(error, `reading ${path} at ${at.baseSha} in ${at.owner}/${at.repo}`);
  }
  const source = `${path} of ${at.owner}/${at.repo} at ${at.baseSha.slice(0, 12)}`;
  try {
    return loadConfig({ file: { text, source }, env: {} }).review_drafts;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // The review itself reports a broken config; here it only means drafts stay skipped.
    warn(`draft skipped: ${source} is invalid, so review_drafts counts as false (${error.message})`);
    return false;
  }
}
