/**
 * The `/review` commands people write in a pull request's conversation. Pure: text in,
 * command out. A comment is a command only when its first non-blank line starts with
 * `/review`: someone quoting or mentioning the command further down ("> /review", "try
 * /review full") must not start a paid review.
 */

/** Only what changed since the last review, or the whole change. */
export type ReviewMode = "incremental" | "full";

export type SlashCommand =
  | { kind: "review"; mode: ReviewMode }
  /** `/review help`, or anything `/review` does not know (`unknown` holds it, for the reply). */
  | { kind: "help"; unknown: string | null };

export function parseSlashCommand(body: string | null | undefined): SlashCommand | null {
  const firstLine = (body ?? "").split(/\r?\n/).find((line) => line.trim() !== "");
  if (firstLine === undefined) return null;
  // Indented four columns or more (a tab counts four), Markdown shows the line as code:
  // someone showing how the command is written, not asking for a review.
  if (indentColumns(firstLine) >= 4) return null;
  const words = firstLine.trim().split(/\s+/);
  if (words[0] !== "/review") return null;
  const rest = words.slice(1).join(" ");
  if (rest === "") return { kind: "review", mode: "incremental" };
  if (rest.toLowerCase() === "full") return { kind: "review", mode: "full" };
  if (rest.toLowerCase() === "help") return { kind: "help", unknown: null };
  return { kind: "help", unknown: rest };
}

function indentColumns(line: string): number {
  let columns = 0;
  for (const char of line) {
    if (char === " ") columns++;
    else if (char === "\t") columns += 4 - (columns % 4);
    else break;
  }
  return columns;
}
