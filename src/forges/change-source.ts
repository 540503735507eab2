/**
 * The reading half of the forge seam. A change source reads one change (a local branch, a
 * diff file, a GitHub pull request, a GitLab merge request) at fixed base and head commits,
 * so that every read of one review sees the same revisions. Entries build one, the shared
 * flow reads from it; nothing in `src/core` knows which forge it is.
 */
import type { SkippedFile } from "../core/select/skipped-file.js";

export interface Change {
  /** Where the change came from, for messages: "github acme/app#12", "git main..HEAD", "stdin". */
  origin: string;
  baseSha: string | null;
  headSha: string | null;
  title: string;
  description: string;
  author: string | null;
  /** The whole change as one unified diff, the text the core's `splitDiff` reads. */
  diffText: string;
  /**
   * Files the forge gave no diff for (too large, binary, past the forge's file cap): listed
   * as not reviewed with their reason, never lost.
   */
  forgeSkipped: SkippedFile[];
  /**
   * Set when only part of the change is in `diffText`: the files changed since the head an
   * earlier review saw. Null for a whole review (the first one, or after a force-push made
   * that head unreachable).
   */
  incremental: { since: string; files: number } | null;
}

export interface ChangeSource {
  readonly origin: string;
  /**
   * A file's text at the change's base revision, or null when the base has no such file.
   * Config, `.gitattributes` and instructions come from the base: a change must not be
   * able to rewrite how it is reviewed.
   */
  readBaseFile(path: string): Promise<string | null>;
  /** Where `readBaseFile(path)` reads, for messages ("config file .ai-review.yml at main is not valid YAML"). Optional: "<path> at the base of <origin>" otherwise. */
  describeBaseFile?(path: string): string;
  /**
   * The change. With `since` (the head an earlier review saw), only the files changed
   * between that commit and the head, as the change's own diff shows them (so comments
   * still land on lines the forge accepts); the whole change when `since` is unknown here.
   * `sinceBase` is the base that earlier review was made against: when the change's base
   * is now another commit that does not descend from it (the change was retargeted to
   * another branch, or its base branch rewritten), files may have entered the change
   * without being changed since `since`, so a source that can tell reads the whole change.
   * `contextLines` (the config's `context_lines`) is for sources that make the diff
   * themselves (local git); a forge whose API gives fixed patches ignores it.
   */
  readChange(options?: { since?: string; sinceBase?: string; contextLines?: number }): Promise<Change>;
}
