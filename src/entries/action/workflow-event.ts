/**
 * The event a workflow run was started by, as GitHub's runner gives it: its name in
 * `GITHUB_EVENT_NAME`, its payload in the file `GITHUB_EVENT_PATH` names.
 */
import { UsageError } from "../usage-error.js";
import { readCommentCommand, type CommentCommand } from "./comment-event.js";
import { readPullRequestEvent, type PullRequestTarget } from "./pull-request-event.js";

export type WorkflowTrigger = { pullRequest: PullRequestTarget } | { comment: CommentCommand } | { skip: string };

export async function readWorkflowEvent(env: NodeJS.ProcessEnv, readFile: (path: string) => Promise<string>): Promise<WorkflowTrigger> {
  const name = env.GITHUB_EVENT_NAME;
  const path = env.GITHUB_EVENT_PATH;
  if (!name || !path) throw new UsageError("GITHUB_EVENT_NAME and GITHUB_EVENT_PATH are not set: run ai-review's Action inside a GitHub Actions workflow");
  if (name !== "pull_request" && name !== "pull_request_target" && name !== "issue_comment") {
    return { skip: `the ${name} event is not one ai-review reviews (use pull_request, pull_request_target or issue_comment)` };
  }
  let payload: unknown;
  try {
    payload = JSON.parse(await readFile(path));
  } catch (error) {
    throw new UsageError(`cannot read the ${name} event at ${path}: ${(error as Error).message}`);
  }
  if (name === "issue_comment") {
    const comment = readCommentCommand(payload as Parameters<typeof readCommentCommand>[0], path);
    return "skip" in comment ? comment : { comment };
  }
  const pullRequest = readPullRequestEvent(name, payload as Parameters<typeof readPullRequestEvent>[1], path);
  return "skip" in pullRequest ? pullRequest : { pullRequest };
}
