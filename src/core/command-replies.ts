/**
 * The bot's short answers to `/review` commands, in markdown. The commands are the same on
 * every forge; what a change is called and who may run them are the forge's words.
 */

export interface CommandWords {
  /** What the forge calls a change: "pull request", "merge request". */
  change: string;
  /** Who may run commands, as a sentence's subject. */
  whoMay: string;
}

export const GITHUB_COMMAND_WORDS: CommandWords = {
  change: "pull request",
  whoMay: "repository owners, organization members and collaborators with write access",
};

export const GITLAB_COMMAND_WORDS: CommandWords = {
  change: "merge request",
  whoMay: "project members with the Developer role or higher",
};

export function commandUsage(words: CommandWords = GITHUB_COMMAND_WORDS): string {
  return [
    `**ai-review** commands (write one as the first line of a comment on this ${words.change}):`,
    "",
    "- `/review`: review what changed since the last review",
    `- \`/review full\`: review the whole ${words.change} again`,
    "- `/review help`: show this help",
    "",
    `Only ${words.whoMay} may run them.`,
  ].join("\n");
}

export const COMMAND_USAGE = commandUsage(GITHUB_COMMAND_WORDS);

export function helpReply(unknown: string | null, words: CommandWords = GITHUB_COMMAND_WORDS): string {
  const usage = commandUsage(words);
  return unknown === null ? usage : `\`/review ${unknown.replaceAll("`", "'")}\` is not a command I know.\n\n${usage}`;
}

export function notAllowedReply(login: string, words: CommandWords = GITHUB_COMMAND_WORDS): string {
  return `@${login} only ${words.whoMay} can run \`/review\`.`;
}
