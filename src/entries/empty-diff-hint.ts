/** Where the CLI's diff came from, as far as the hint for an empty one needs to know. */
export type DiffSource =
  | { kind: "git"; baseRef: string; headRef: string; baseSha: string; headSha: string }
  | { kind: "file"; path: string }
  | { kind: "stdin" };

/** Why a change has no file to review, and what to do, in terms of where the diff came from. */
export function emptyDiffHint(from: DiffSource): string {
  // Text that is not a diff at all is refused earlier; only a blank diff gets here.
  switch (from.kind) {
    case "git": {
      const base = `${from.baseRef} (${from.baseSha.slice(0, 12)})`;
      // Only commits are diffed: the usual cause is work not committed yet.
      return from.headSha === from.baseSha
        ? `${from.headRef} is the same as ${base}; commit your work, or pass --base REV`
        : `${from.headRef} has the same files as ${base}; pass --base REV (or --head REV) to review another change`;
    }
    case "file":
      return `the file ${from.path} holds no diff; write the output of \`git diff\` into it`;
    case "stdin":
      return "nothing arrived on standard input; pipe a diff into it, like `git diff main | ai-review review --diff -`";
  }
}
