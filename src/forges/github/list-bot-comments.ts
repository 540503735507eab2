/**
 * The conversation comments of a pull request written by the bot itself: the only ones
 * whose markers and replies it trusts (anyone can paste a marker into a comment).
 */
import type { GitHubRest } from "./create-github-octokit.js";
import { explainGitHubFailure } from "./explain-github-failure.js";

export interface BotComment {
  id: number;
  body: string;
  url: string;
  created: string;
}

export async function listBotComments(
  octokit: GitHubRest,
  at: { owner: string; repo: string; pullNumber: number },
  botLogin: string,
): Promise<BotComment[]> {
  const { owner, repo, pullNumber } = at;
  let comments;
  try {
    comments = await octokit.paginate(octokit.rest.issues.listComments, { owner, repo, issue_number: pullNumber, per_page: 100 });
  } catch (error) {
    throw explainGitHubFailure(error, `reading the comments of ${owner}/${repo}#${pullNumber}`);
  }
  const bot = botLogin.toLowerCase();
  return comments
    .filter((c) => c.user?.login.toLowerCase() === bot)
    .map((c) => ({ id: c.id, body: c.body ?? "", url: c.html_url, created: c.created_at }));
}
