import { createHash } from "node:crypto";

/**
 * GitLab's name for a line of a file's diff (`Gitlab::Git.diff_line_code`): the SHA-1 of
 * the new path, then the old and new counters at that line. An added line has an old
 * counter too (the old line it comes before), a removed line a new one.
 */
export function lineCode(path: string, oldCounter: number, newCounter: number): string {
  return `${createHash("sha1").update(path).digest("hex")}_${oldCounter}_${newCounter}`;
}
