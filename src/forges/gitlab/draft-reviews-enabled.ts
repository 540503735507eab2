/**
 * Whether a project wants its draft merge requests reviewed: `review_drafts: true` in
 * `.ai-review.yml` at the merge request's base, so a draft cannot switch its own review on
 * (as on GitHub, `draftReviewsEnabled`). Asked only for drafts. The CI job and the webhook
 * both decide by it.
 */
import { ConfigError, DEFAULT_CONFIG_FILE, loadConfig } from "../../config.js";
import type { GitLabChangeSource } from "./gitlab-change-source.js";

export async function gitlabDraftReviewsEnabled(source: GitLabChangeSource, warn: (message: string) => void): Promise<boolean> {
  const text = await source.readBaseFile(DEFAULT_CONFIG_FILE);
  if (text === null) return false;
  const where = `${DEFAULT_CONFIG_FILE} at the base`;
  try {
    return loadConfig({ file: { text, source: where }, env: {} }).review_drafts;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // The review would report a broken config; here it only means the draft stays skipped.
    warn(`draft skipped: ${where} is invalid, so review_drafts counts as false (${error.message})`);
    return false;
  }
}
