/**
 * The `/review` rules, the same for the app and the Action: what a command gets before any
 * review runs.
 * - Someone without write access gets one short reply saying who may, once per pull
 *   request: their later commands are ignored (an outsider repeating `/review` would
 *   otherwise make the bot write a comment each time, spending its write quota). The
 *   bot's earlier replies are read from the pull request, which works for the Action too
 *   (it keeps nothing between runs); a long-running server also remembers who was told,
 *   and asks GitHub nothing for them again.
 * - `/review help` (or an unknown subcommand) gets the usage.
 * - A review command on a closed or merged pull request runs nothing and says nothing on
 *   it: nobody can act on a review there.
 * - A command that will run gets an eyes reaction first.
 * No path here calls the model.
 */
import { helpReply, notAllowedReply } from "../../core/command-replies.js";
import type { SlashCommand } from "../../core/slash-command.js";
import type { CommandOutcome, RefusedCommenters } from "../command-outcome.js";
import { accessFromAssociation, hasWriteAccess } from "./command-access.js";
import type { GitHubRest } from "./create-github-octokit.js";
import { explainGitHubFailure } from "./explain-github-failure.js";
import { listBotComments } from "./list-bot-comments.js";
import { NO_RETRY, writeOnce } from "./write-once.js";

export interface ReviewCommandInput {
  owner: string;
  repo: string;
  pullNumber: number;
  commentId: number;
  /** Who wrote the command. */
  login: string;
  /** The comment's `author_association`. */
  association: string | null | undefined;
  command: SlashCommand;
}


export interface ReviewCommandOptions {
  /** The login the bot writes as: its earlier replies are found by it. */
  botLogin: string;
  /** A long-running server's memory of refusals; the Action has none. */
  refused?: RefusedCommenters;
}


export async function answerReviewCommand(octokit: GitHubRest, input: ReviewCommandInput, options: ReviewCommandOptions): Promise<CommandOutcome> {
  const { owner, repo, pullNumber, login, command } = input;
  const where = `${owner}/${repo}#${pullNumber}`;
  const key = refusalKey(owner, repo, pullNumber, login);
  if (accessFromAssociation(input.association) !== "allowed") {
    if (options.refused?.has(key)) return { run: false, why: `/review by ${login} ignored: refused on ${where} before` };
    if (!(await hasWriteAccess(octokit, owner, repo, login))) return await refuseOnce(octokit, input, options, key);
  }
  if (command.kind === "help") {
    // Asked again, answered again: only a reply stored before a 5xx is not sent twice.
    await reply(octokit, input, options.botLogin, helpReply(command.unknown), { unlessSaid: false, doing: `answering /review help on ${where}` });
    return { run: false, why: "/review help answered" };
  }
  const state = await pullState(octokit, input);
  if (state !== "open") return { run: false, why: `/review by ${login} ignored: ${where} is ${state}` };
  await octokit.rest.reactions.createForIssueComment({ owner, repo, comment_id: input.commentId, content: "eyes" });
  return { run: true, mode: command.mode };
}

/** GitHub logins and repository names are case-insensitive. */
export function refusalKey(owner: string, repo: string, pullNumber: number, login: string): string {
  return `${owner}/${repo}#${pullNumber}:${login}`.toLowerCase();
}

async function refuseOnce(octokit: GitHubRest, input: ReviewCommandInput, options: ReviewCommandOptions, key: string): Promise<CommandOutcome> {
  const { owner, repo, pullNumber, login } = input;
  const where = `${owner}/${repo}#${pullNumber}`;
  const replied = await reply(octokit, input, options.botLogin, notAllowedReply(login), { unlessSaid: true, doing: `answering /review by ${login} on ${where}` });
  options.refused?.add(key);
  return { run: false, why: replied ? `/review by ${login} refused: no write access` : `/review by ${login} ignored: refused on ${where} before` };
}

/**
 * Posts `body` as the bot, once: not again after a 5xx when GitHub stored it, and with
 * `unlessSaid` not at all when the bot's comments already hold it. True when it posted.
 */
async function reply(
  octokit: GitHubRest,
  input: ReviewCommandInput,
  botLogin: string,
  body: string,
  how: { unlessSaid: boolean; doing: string },
): Promise<boolean> {
  const { owner, repo, pullNumber } = input;
  const said = async () => ((await listBotComments(octokit, input, botLogin)).some((c) => c.body === body) ? true : null);
  if (how.unlessSaid && (await said())) return false;
  try {
    await writeOnce(async () => {
      await octokit.rest.issues.createComment({ owner, repo, issue_number: pullNumber, body, request: NO_RETRY });
      return true;
    }, said);
  } catch (error) {
    throw explainGitHubFailure(error, how.doing);
  }
  return true;
}

async function pullState(octokit: GitHubRest, input: ReviewCommandInput): Promise<"open" | "closed" | "merged"> {
  const { owner, repo, pullNumber } = input;
  try {
    const { data } = await octokit.rest.pulls.get({ owner, repo, pull_number: pullNumber });
    return data.state === "open" ? "open" : data.merged ? "merged" : "closed";
  } catch (error) {
    throw explainGitHubFailure(error, `reading pull request ${owner}/${repo}#${pullNumber}`);
  }
}
