/**
 * A branch of a local git repository as a change source: the diff of the head (HEAD or
 * `--head`) against where it forked from its base. Both commits are resolved once, when the
 * source is opened, so every read of one review sees the same revisions.
 *
 * `since` is supported: with the head an earlier review saw, only the files changed between
 * that commit and the head are kept, each with its whole diff against the base (so line
 * numbers stay the change's own). When `since` is no ancestor of the head (unknown here, or
 * left behind by a rebase), the whole change is read.
 */
import type { Change, ChangeSource } from "../change-source.js";
import { keepChangedFiles } from "./keep-changed-files.js";
import { pathsChangedSince, readGitChange, resolveRevisions, showFile, type GitRevisions } from "./git-source.js";

/** The diff's context when the caller gives none: git's own default. */
const DEFAULT_CONTEXT_LINES = 3;

export class LocalGitSource implements ChangeSource {
  readonly origin: string;

  private constructor(
    readonly revisions: GitRevisions,
    /** The head as the user named it ("HEAD" unless `--head`), for messages. */
    readonly headRef: string,
  ) {
    this.origin = `git ${revisions.baseRef} (${revisions.baseSha.slice(0, 12)})..${revisions.headSha.slice(0, 12)}`;
  }

  /** Resolves the repository and both revisions; a wrong folder or revision is a SourceError. */
  static async open(options: { repoDir: string; base?: string; head?: string }): Promise<LocalGitSource> {
    return new LocalGitSource(await resolveRevisions(options), options.head ?? "HEAD");
  }

  describeBaseFile(path: string): string {
    return `${path} at ${this.revisions.baseRef}`;
  }

  async readBaseFile(path: string): Promise<string | null> {
    return await showFile(this.revisions.repoDir, this.revisions.baseSha, path);
  }

  async readChange(options: { since?: string; contextLines?: number } = {}): Promise<Change> {
    const { repoDir, baseSha, headSha } = this.revisions;
    const read = await readGitChange(this.revisions, options.contextLines ?? DEFAULT_CONTEXT_LINES);
    const changed = options.since === undefined ? null : await pathsChangedSince(repoDir, options.since, headSha);
    const kept = changed === null ? null : keepChangedFiles(read.diff, changed);
    return {
      origin: this.origin,
      baseSha,
      headSha,
      title: read.title,
      description: read.description,
      author: read.author,
      diffText: kept?.diff ?? read.diff,
      forgeSkipped: [],
      incremental: kept && options.since !== undefined ? { since: options.since, files: kept.files } : null,
    };
  }
}
