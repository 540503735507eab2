import type { SkippedFile } from "../../core/select/skipped-file.js";

/**
 * The files of a merge request that `/diffs` did not list. GitLab stores at most its
 * "Maximum diff files" (1,000 by default, up to 3,000) of a merge request's diff, and fewer
 * when the whole diff passes its size or line limits; `changes_count` then says "1000+" (a
 * string for that reason). A count above the files listed says the same. Those files cannot
 * be named, so one entry stands for them; the change decides how many files it has, so they
 * count as unseen code and the verdict never approves.
 */
export function unlistedFilesSkip(changesCount: string | null, listed: number): SkippedFile | null {
  const count = /^(\d+)(\+)?$/.exec(changesCount?.trim() ?? "");
  if (!count) return null;
  const total = Number(count[1]);
  const capped = count[2] === "+";
  if (!capped && total <= listed) return null;
  const missing = capped ? null : total - listed;
  return {
    path: missing === null ? "(more files)" : `(${missing} more file${missing === 1 ? "" : "s"})`,
    reason: "too-large",
    detail:
      missing === null
        ? `GitLab lists only ${listed.toLocaleString("en-US")} files of this merge request (changes_count "${changesCount}"); the rest were not reviewed`
        : `GitLab listed ${listed.toLocaleString("en-US")} of the merge request's ${total.toLocaleString("en-US")} changed files; ${missing} were not reviewed`,
    changeControlled: true,
  };
}
