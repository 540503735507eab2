/** The bot's short answers to `/review` commands, in markdown. */

export const COMMAND_USAGE = [
  "**ai-review** commands (write one as the first line of a comment on this pull request):",
  "",
  "- `/review`: review what changed since the last review",
  "- `/review full`: review the whole pull request again",
  "- `/review help`: show this help",
  "",
  "Owners, members and collaborators with write access may run them.",
].join("\n");

export function helpReply(unknown: string | null): string {
  return unknown === null ? COMMAND_USAGE : `\`/review ${unknown.replaceAll("`", "'")}\` is not a command I know.\n\n${COMMAND_USAGE}`;
}

export function notAllowedReply(login: string): string {
  return `@${login} only repository owners, organization members and collaborators with write access can run \`/review\`.`;
}
