/**
 * How an Action talks to its runner: workflow commands on standard output (`::notice::`,
 * `::error::`), outputs appended to the file `GITHUB_OUTPUT` names, and the job summary
 * appended to `GITHUB_STEP_SUMMARY`.
 */
import { randomUUID } from "node:crypto";

export interface RunnerFiles {
  appendFile(path: string, text: string): Promise<void>;
}

/** A message as a workflow command's data: `%`, CR and LF would end or bend the command. */
export function escapeCommandData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

export function workflowCommand(kind: "notice" | "warning" | "error", message: string): string {
  return `::${kind} title=ai-review::${escapeCommandData(message)}\n`;
}

/**
 * `name<<DELIMITER` blocks, so a value may hold newlines; the delimiter is random, so no
 * value can end its block early and set another output.
 */
export function outputBlock(name: string, value: string): string {
  const delimiter = `ai-review-${randomUUID()}`;
  return `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
}

/**
 * Text for the log that must not run as workflow commands (model text can hold
 * `::add-mask::` or `::error::` lines): between `::stop-commands::` and its random token,
 * the runner prints lines as they are.
 */
export function verbatimBlock(text: string): string {
  const token = `ai-review-${randomUUID()}`;
  return `::stop-commands::${token}\n${text.replace(/\s*$/, "")}\n::${token}::\n`;
}
