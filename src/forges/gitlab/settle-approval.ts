/**
 * The verdict as a GitLab approval: approve on an `approve` verdict (which only a config
 * with `approve: true` gives), and take back an earlier approval of the bot's when the
 * verdict is no longer `approve` (new commits brought findings, or `approve` was turned
 * off). Nothing is written when the approval already stands as it should: with `approve`
 * off the bot never approved, so this costs one read. GitLab has no "request changes"
 * here: that verdict is in the summary.
 *
 * GitLab refuses an approval with 401 or 403 when the bot may not approve (its own merge
 * request, a rule that excludes it): the review still goes out, the summary says so, and the
 * verdict counts as a comment.
 */
import type { Verdict } from "../../core/verdict.js";
import type { GitLabApi } from "./create-gitlab-api.js";
import { explainGitLabFailure } from "./explain-gitlab-failure.js";
import { gitlabMessage, gitlabStatus } from "./gitlab-failure.js";
import { mergeRequestName, type GitLabMergeRequestAddress } from "./merge-request-facts.js";

export interface SettledApproval {
  /** The verdict as it stands on GitLab: a refused approval falls back to "comment". */
  verdict: Verdict;
  refused: { verdict: Verdict; message: string } | null;
  writeCalls: number;
}

export async function settleApproval(
  address: GitLabMergeRequestAddress,
  bot: string,
  verdict: Verdict,
  head: string,
): Promise<SettledApproval> {
  const { api, projectId, mergeRequestIid } = address;
  const name = mergeRequestName(address);
  const approved = await approvedBy(api, address, bot);
  const wanted = verdict === "approve";
  // Approvals could not be read (see approvedBy): with no approval wanted there is nothing
  // to do; wanting one, the approve call tells whether it may.
  if (approved === wanted || (approved === null && !wanted)) return { verdict, refused: null, writeCalls: 0 };
  if (wanted) {
    try {
      // `sha` makes GitLab refuse (409) an approval of a head newer than the one reviewed.
      await api.MergeRequestApprovals.approve(projectId, mergeRequestIid, { sha: head });
      return { verdict, refused: null, writeCalls: 1 };
    } catch (error) {
      const status = gitlabStatus(error);
      if (status === 401 || status === 403 || status === 409) {
        return { verdict: "comment", refused: { verdict, message: `${status} ${gitlabMessage(error)}` }, writeCalls: 1 };
      }
      throw explainGitLabFailure(error, `approving merge request ${name}`, api);
    }
  }
  try {
    await api.MergeRequestApprovals.unapprove(projectId, mergeRequestIid);
  } catch (error) {
    // 404: the approval went away since it was read; what was wanted holds.
    if (gitlabStatus(error) !== 404) throw explainGitLabFailure(error, `taking back the approval of merge request ${name}`, api);
  }
  return { verdict, refused: null, writeCalls: 1 };
}

/**
 * Whether the bot's approval stands; null when GitLab will not say (403 or 404: approvals
 * off for the project, or not open to the token). The review is published either way: a
 * refusal here used to fail it after its discussions were posted, losing the summary and
 * every finding kept for it.
 */
async function approvedBy(api: GitLabApi, address: GitLabMergeRequestAddress, bot: string): Promise<boolean | null> {
  const { projectId, mergeRequestIid } = address;
  let answer: { approved_by?: Array<{ user?: { username?: string } }> };
  try {
    answer = (await api.MergeRequestApprovals.showConfiguration(projectId, { mergerequestIId: mergeRequestIid })) as typeof answer;
  } catch (error) {
    const status = gitlabStatus(error);
    if (status === 403 || status === 404) return null;
    throw explainGitLabFailure(error, `reading the approvals of merge request ${mergeRequestName(address)}`, api);
  }
  return (answer.approved_by ?? []).some((a) => a.user?.username?.toLowerCase() === bot.toLowerCase());
}
