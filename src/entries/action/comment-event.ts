/**
 * An `issue_comment` workflow event as a `/review` command: the pull request it is on, the
 * command, and who wrote it. Who may run it is checked later, with the API at hand.
 */
import { parseSlashCommand, type SlashCommand } from "../../core/slash-command.js";
import { isBot } from "../../forges/github/command-access.js";
import { UsageError } from "../usage-error.js";

export interface CommentCommand {
  owner: string;
  repo: string;
  pullNumber: number;
  commentId: number;
  login: string;
  association: string | null;
  command: SlashCommand;
}

interface CommentPayload {
  action?: string;
  issue?: { number: number; pull_request?: unknown };
  comment?: { id: number; body?: string | null; author_association?: string; user?: { login: string; type?: string } | null };
  sender?: { login: string; type?: string };
  repository?: { name: string; owner: { login: string } };
}

export function readCommentCommand(event: CommentPayload, path: string): CommentCommand | { skip: string } {
  const { issue, comment, repository } = event;
  if (!issue || !comment || !repository) throw new UsageError(`the issue_comment event at ${path} has no issue, comment or repository`);
  if (event.action !== "created") return { skip: `a comment that was ${event.action ?? "changed"} runs no command` };
  if (!issue.pull_request) return { skip: "a comment on an issue, not a pull request: nothing to review" };
  if (!comment.user || isBot(comment.user) || (event.sender && isBot(event.sender))) return { skip: "a comment by a bot runs no command" };
  const command = parseSlashCommand(comment.body);
  if (!command) return { skip: "the comment is not a /review command" };
  return {
    owner: repository.owner.login,
    repo: repository.name,
    pullNumber: issue.number,
    commentId: comment.id,
    login: comment.user.login,
    association: comment.author_association ?? null,
    command,
  };
}
