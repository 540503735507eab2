import type { LoadedChange } from "./load-change.js";

/** Why a change has no file to review, and what to do, in terms of where the diff came from. */
export function emptyDiffHint(change: Pick<LoadedChange, "from" | "diffText">): string {
  const { from } = change;
  const blank = change.diffText.trim() === "";
  switch (from.kind) {
    case "git": {
      const base = `${from.baseRef} (${from.baseSha.slice(0, 12)})`;
      // Only commits are diffed: the usual cause is work not committed yet.
      return from.headSha === from.baseSha
        ? `${from.headRef} is the same as ${base}; commit your work, or pass --base REV`
        : `${from.headRef} has the same files as ${base}; pass --base REV (or --head REV) to review another change`;
    }
    case "file":
      return blank
        ? `the diff file ${from.path} is empty; write a diff into it, such as the output of \`git diff\``
        : `the file ${from.path} holds no diff (no \`diff --git\` or \`---\`/\`+++\` file headers); give the output of \`git diff\``;
    case "stdin":
      return blank
        ? "nothing arrived on standard input; pipe a diff into it, like `git diff main | ai-review review --diff -`"
        : "standard input holds no diff (no `diff --git` or `---`/`+++` file headers); pipe in the output of `git diff`";
    case "text":
      return "the diff is empty";
  }
}
