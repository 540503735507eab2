/**
 * A GitHub suggestion: the fenced text replaces exactly the commented lines (`start_line`
 * through `line`) when the author applies it. The fence is longer than any run of
 * backticks inside, so code that holds a fence cannot end the block early; the text is
 * not otherwise escaped, since it becomes the file's code when applied.
 */
export function suggestionBlock(suggestion: string, info = "suggestion"): string {
  const fence = "`".repeat(Math.max(3, longestBacktickRun(suggestion) + 1));
  // The lines between the fences are the replacement: a final newline would add a blank line.
  const text = suggestion.replace(/\r?\n$/, "");
  return suggestion === "" ? `${fence}${info}\n${fence}` : `${fence}${info}\n${text}\n${fence}`;
}

function longestBacktickRun(text: string): number {
  let longest = 0;
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  return longest;
}
