/**
 * A GitHub pull request as a change source, read through the REST API alone (no checkout):
 * the Action and the app both work from it.
 *
 * Files come from `pulls.listFiles`, 100 a page, not from the diff media type, which GitHub
 * refuses for a pull request of more than 300 files. Each file's headerless patch is given
 * the headers git would write (`patchesToDiff`), so the one diff parser reads it and line
 * numbers are GitHub's own. Every read uses the base and head SHAs of one fetch of the
 * pull request, so a push during the review cannot mix two revisions.
 */
import type { Change, ChangeSource } from "../change-source.js";
import { patchesToDiff, type FilePatch } from "../../core/patches-to-diff.js";
import type { SkippedFile } from "../../core/select/skipped-file.js";
import type { GitHubRest } from "./create-github-octokit.js";
import { explainGitHubFailure } from "./explain-github-failure.js";
import { isRequestFailure } from "./github-message.js";
import { pullFilePatch, type GitHubPullFile } from "./pull-file-patch.js";
import { unlistedFilesSkip } from "./unlisted-files-skip.js";

export interface GitHubPullRequestAddress {
  octokit: GitHubRest;
  owner: string;
  repo: string;
  pullNumber: number;
}

/** What the entries may want before reading the change (drafts are skipped by default). */
export interface GitHubPullFacts {
  title: string;
  body: string;
  author: string | null;
  baseSha: string;
  headSha: string;
  draft: boolean;
  changedFiles: number;
}

/** GitHub lists at most 300 files of a comparison; a list that long may be cut. */
const COMPARE_FILE_CAP = 300;

export class GitHubChangeSource implements ChangeSource {
  readonly origin: string;
  private readonly address: GitHubPullRequestAddress;
  private facts: Promise<GitHubPullFacts> | null = null;

  constructor(address: GitHubPullRequestAddress) {
    this.address = address;
    this.origin = `github ${address.owner}/${address.repo}#${address.pullNumber}`;
  }

  /** The pull request's metadata, fetched once: the revisions every later read uses. */
  pull(): Promise<GitHubPullFacts> {
    this.facts ??= this.fetchPull();
    return this.facts;
  }

  async readBaseFile(path: string): Promise<string | null> {
    const { octokit, owner, repo } = this.address;
    const { baseSha } = await this.pull();
    let data: unknown;
    try {
      ({ data } = await octokit.rest.repos.getContent({ owner, repo, path, ref: baseSha }));
    } catch (error) {
      if (isRequestFailure(error) && error.status === 404) return null;
      throw explainGitHubFailure(error, `reading ${path} at ${baseSha} in ${owner}/${repo}`);
    }
    // A folder answers with a list, a symlink with its target: neither is a file's text.
    if (Array.isArray(data)) return null;
    const file = data as { type?: string; encoding?: string; content?: string };
    if (file.type !== "file") return null;
    if (file.encoding === "base64" && typeof file.content === "string") return Buffer.from(file.content, "base64").toString("utf8");
    // Over 1 MB the contents API sends no text (encoding "none"); the raw media type does.
    try {
      const raw = await octokit.rest.repos.getContent({ owner, repo, path, ref: baseSha, mediaType: { format: "raw" } });
      return String(raw.data);
    } catch (error) {
      throw explainGitHubFailure(error, `reading ${path} at ${baseSha} in ${owner}/${repo}`);
    }
  }

  async readChange(options: { since?: string; sinceBase?: string } = {}): Promise<Change> {
    const pull = await this.pull();
    const files = await this.listFiles();
    const since = options.since;
    const sinceStillTells = since !== undefined && (await this.baseMovedOnlyForward(options.sinceBase, pull.baseSha));
    const changedSince = sinceStillTells ? await this.filesChangedSince(since, pull.headSha) : null;

    const patches: FilePatch[] = [];
    const forgeSkipped: SkippedFile[] = [];
    let kept = 0;
    for (const file of files) {
      if (changedSince && !changedSince.has(file.filename) && !changedSince.has(file.previous_filename ?? file.filename)) continue;
      kept++;
      const outcome = pullFilePatch(file);
      if (outcome.kind === "patch") patches.push(outcome.patch);
      else forgeSkipped.push(outcome.skipped);
    }
    // Past GitHub's cap the missing files cannot be named, and so cannot be matched against
    // a comparison either: they are reported on every run.
    const unlisted = unlistedFilesSkip(pull.changedFiles, files.length);
    if (unlisted) forgeSkipped.push(unlisted);

    return {
      origin: this.origin,
      baseSha: pull.baseSha,
      headSha: pull.headSha,
      title: pull.title,
      description: pull.body,
      author: pull.author,
      diffText: patchesToDiff(patches),
      forgeSkipped,
      incremental: changedSince && since ? { since, files: kept } : null,
    };
  }

  private async fetchPull(): Promise<GitHubPullFacts> {
    const { octokit, owner, repo, pullNumber } = this.address;
    try {
      const { data } = await octokit.rest.pulls.get({ owner, repo, pull_number: pullNumber });
      return {
        title: data.title,
        body: data.body ?? "",
        author: data.user?.login ?? null,
        baseSha: data.base.sha,
        headSha: data.head.sha,
        draft: data.draft ?? false,
        changedFiles: data.changed_files,
      };
    } catch (error) {
      throw explainGitHubFailure(error, `reading pull request ${owner}/${repo}#${pullNumber}`);
    }
  }

  private async listFiles(): Promise<GitHubPullFile[]> {
    const { octokit, owner, repo, pullNumber } = this.address;
    try {
      return await octokit.paginate(octokit.rest.pulls.listFiles, { owner, repo, pull_number: pullNumber, per_page: 100 });
    } catch (error) {
      throw explainGitHubFailure(error, `listing the files of pull request ${owner}/${repo}#${pullNumber}`);
    }
  }

  /**
   * Whether the base an earlier review saw is still the base, or an ancestor of it. GitHub
   * moves `base.sha` to the base branch's tip as that branch advances (every merge into
   * main): that brings no file into the pull request unseen, so the review stays
   * incremental. A base that went elsewhere (the pull request retargeted to another
   * branch, the base branch rewritten) can: a commit the old base had and the new one
   * lacks puts its files in the pull request without any change since the earlier head.
   */
  private async baseMovedOnlyForward(earlierBase: string | undefined, base: string): Promise<boolean> {
    if (!earlierBase || earlierBase === base) return true;
    const { octokit, owner, repo } = this.address;
    try {
      const { data } = await octokit.rest.repos.compareCommitsWithBasehead({ owner, repo, basehead: `${earlierBase}...${base}`, per_page: 1 });
      return data.status === "ahead" || data.status === "identical";
    } catch (error) {
      // The earlier base is gone or unrelated: nothing says the head comparison suffices.
      if (isRequestFailure(error) && (error.status === 404 || error.status === 422)) return false;
      throw explainGitHubFailure(error, `comparing ${earlierBase} with ${base} in ${owner}/${repo}`);
    }
  }

  /**
   * Paths changed between `since` and the head, or null when that cannot be known and the
   * whole change must be reviewed: the commit is gone or unrelated (404, 422 after a
   * force-push), the head no longer descends from it (a rebase: the comparison would then
   * run from their merge base and could miss a file), or GitHub cut the list.
   */
  private async filesChangedSince(since: string, head: string): Promise<Set<string> | null> {
    const { octokit, owner, repo } = this.address;
    let data: { status: string; files?: Array<{ filename: string; previous_filename?: string }> };
    try {
      // One commit a page: the files come whole on the first page, the commits are not needed.
      ({ data } = await octokit.rest.repos.compareCommitsWithBasehead({ owner, repo, basehead: `${since}...${head}`, per_page: 1 }));
    } catch (error) {
      if (isRequestFailure(error) && (error.status === 404 || error.status === 422)) return null;
      throw explainGitHubFailure(error, `comparing ${since} with ${head} in ${owner}/${repo}`);
    }
    if (data.status !== "ahead" && data.status !== "identical") return null;
    const files = data.files ?? [];
    if (files.length >= COMPARE_FILE_CAP) return null;
    return new Set(files.flatMap((f) => (f.previous_filename ? [f.filename, f.previous_filename] : [f.filename])));
  }
}
