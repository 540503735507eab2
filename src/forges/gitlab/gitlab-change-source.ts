/**
 * A GitLab merge request as a change source, read through the REST API alone (no checkout):
 * the CI job and the webhook both work from it.
 *
 * Files come from the paginated `/merge_requests/:iid/diffs` endpoint (30 a page; never the
 * deprecated `/changes`, which cuts large merge requests). Each file's headerless diff is
 * given the headers git would write (`patchesToDiff`), so the one diff parser reads it and
 * line numbers are GitLab's own. Every read uses the `diff_refs` of one fetch of the merge
 * request, so a push during the review cannot mix two revisions.
 *
 * Incremental reads (`since`, the head an earlier review saw): the comparison from `since`
 * to the head names the files changed since; when a rebase or force-push rewrote the
 * history, the merge request's versions (GitLab keeps one per push) tell which files'
 * changes differ from what was reviewed; failing both, the whole change is reviewed.
 */
import type { Change, ChangeSource } from "../change-source.js";
import { patchesToDiff, type FilePatch } from "../../core/patches-to-diff.js";
import type { SkippedFile } from "../../core/select/skipped-file.js";
import { allPages, type GitLabPage } from "./all-pages.js";
import { changedBetweenVersions } from "./changed-between-versions.js";
import { unlistedFilesSkip } from "./unlisted-files-skip.js";
import { explainGitLabFailure, GitLabUnavailableError } from "./explain-gitlab-failure.js";
import { gitlabStatus } from "./gitlab-failure.js";
import { gitlabDiffPatch, type GitLabDiff } from "./gitlab-diff-patch.js";
import {
  fetchMergeRequestFacts,
  mergeRequestName,
  type DiffRefs,
  type GitLabMergeRequestAddress,
  type GitLabMergeRequestFacts,
} from "./merge-request-facts.js";

/** Files a page of `/diffs`: GitLab before 17.11 answers 500 to more (gitlab#427168). */
export const DIFFS_PER_PAGE = 30;

/** GitLab cuts a comparison at `diff_max_files` (1,000 by default): a list that long may be cut. */
const COMPARE_FILE_CAP = 1000;

interface DiffVersion {
  head_commit_sha: string;
  base_commit_sha: string;
}

interface Comparison {
  commits: Array<{ id: string; parent_ids?: string[] }>;
  diffs: GitLabDiff[];
  compare_timeout: boolean;
}

export class GitLabChangeSource implements ChangeSource {
  readonly origin: string;
  private readonly address: GitLabMergeRequestAddress;
  private facts: Promise<GitLabMergeRequestFacts> | null = null;

  constructor(address: GitLabMergeRequestAddress) {
    this.address = address;
    this.origin = `gitlab ${mergeRequestName(address)}`;
  }

  /** The merge request's metadata, fetched once: the revisions every later read uses. */
  mergeRequest(): Promise<GitLabMergeRequestFacts> {
    this.facts ??= fetchMergeRequestFacts(this.address);
    return this.facts;
  }

  async readBaseFile(path: string): Promise<string | null> {
    const { api, projectId } = this.address;
    const { baseSha } = (await this.mergeRequest()).diffRefs;
    try {
      const raw = await api.RepositoryFiles.showRaw(projectId, path, baseSha);
      return typeof raw === "string" ? raw : await (raw as Blob).text();
    } catch (error) {
      if (gitlabStatus(error) === 404) return null;
      throw explainGitLabFailure(error, `reading ${path} at ${baseSha} in project ${projectId}`, this.address.api);
    }
  }

  async readChange(options: { since?: string; sinceBase?: string } = {}): Promise<Change> {
    const facts = await this.mergeRequest();
    const { baseSha, headSha } = facts.diffRefs;
    const files = await this.listDiffs();
    await this.checkStillAt(facts.diffRefs);
    // Retargeted to another branch (or its target rewritten): files entered the diff without
    // a commit since `since`, and only the whole change shows them.
    const since = options.since && (await this.baseMovedOnlyForward(options.sinceBase, baseSha)) ? options.since : undefined;
    const changedSince = since ? await this.filesChangedSince(since, headSha, files) : null;

    const patches: FilePatch[] = [];
    const forgeSkipped: SkippedFile[] = [];
    let kept = 0;
    for (const file of files) {
      if (changedSince && !changedSince.has(file.new_path) && !changedSince.has(file.old_path)) continue;
      kept++;
      const outcome = gitlabDiffPatch(file);
      if (outcome.kind === "patch") patches.push(outcome.patch);
      else forgeSkipped.push(outcome.skipped);
    }
    const unlisted = unlistedFilesSkip(facts.changesCount, files.length);
    if (unlisted) forgeSkipped.push(unlisted);
    return {
      origin: this.origin,
      baseSha,
      headSha,
      title: facts.title,
      description: facts.description,
      author: facts.author,
      diffText: patchesToDiff(patches),
      forgeSkipped,
      incremental: changedSince && since ? { since, files: kept } : null,
    };
  }

  /**
   * `/diffs` has no revision parameter: it lists the merge request's latest diff. A push
   * between reading the merge request and listing its files would pair one head's SHAs with
   * another head's lines (comments on the wrong lines, a marker naming code never read), so
   * the merge request is read again after the list, and a change of diff_refs stops the
   * review: the push starts a review of its own (a pipeline, a webhook).
   */
  private async checkStillAt(refs: DiffRefs): Promise<void> {
    const now = (await fetchMergeRequestFacts(this.address)).diffRefs;
    if (now.headSha === refs.headSha && now.baseSha === refs.baseSha && now.startSha === refs.startSha) return;
    throw new GitLabUnavailableError(
      `merge request ${mergeRequestName(this.address)} moved from ${refs.headSha.slice(0, 12)} to ${now.headSha.slice(0, 12)} while its diff was read; ` +
        "the newer push is reviewed by its own pipeline or webhook (or run again)",
    );
  }

  private async listDiffs(): Promise<GitLabDiff[]> {
    const { api, projectId, mergeRequestIid } = this.address;
    try {
      return await allPages(
        (page) =>
          api.MergeRequests.allDiffs(projectId, mergeRequestIid, {
            page,
            perPage: DIFFS_PER_PAGE,
            showExpanded: true,
          }) as unknown as Promise<GitLabPage<GitLabDiff>>,
      );
    } catch (error) {
      throw explainGitLabFailure(error, `listing the diffs of merge request ${mergeRequestName(this.address)}`, this.address.api);
    }
  }

  /**
   * Whether the merge base the earlier review saw (`earlierBase`, from its marker) is the
   * current one or an ancestor of it: then no file entered the diff but through the head.
   * A merge request retargeted to another branch, or whose target was rewritten, has a base
   * that does not descend from the earlier one; unknown (no earlier base) counts as forward.
   */
  private async baseMovedOnlyForward(earlierBase: string | undefined, base: string): Promise<boolean> {
    if (!earlierBase || earlierBase === base) return true;
    const compared = await this.compare(earlierBase, base);
    return compared !== null && compared.commits.some((commit) => commit.parent_ids?.includes(earlierBase));
  }

  /**
   * Paths changed between `since` and the head, or null when that cannot be known and the
   * whole change must be reviewed. When the head descends from `since`, the comparison names
   * them. When it does not (a rebase or force-push rewrote the history) or `since` is gone,
   * the merge request's versions tell: the version GitLab kept for `since` gives the diff the
   * earlier review saw, and a file counts as changed when its diff now differs from that one.
   */
  private async filesChangedSince(since: string, head: string, current: readonly GitLabDiff[]): Promise<Set<string> | null> {
    if (since === head) return new Set();
    const compared = await this.compare(since, head);
    if (compared && compared.commits.some((commit) => commit.parent_ids?.includes(since))) {
      if (compared.compare_timeout || compared.diffs.length >= COMPARE_FILE_CAP) return null;
      return new Set(compared.diffs.flatMap((d) => [d.new_path, d.old_path]));
    }
    return this.filesChangedSinceVersion(since, current);
  }

  private async filesChangedSinceVersion(since: string, current: readonly GitLabDiff[]): Promise<Set<string> | null> {
    const { api, projectId, mergeRequestIid } = this.address;
    let versions: DiffVersion[];
    try {
      versions = (await api.MergeRequests.allDiffVersions(projectId, mergeRequestIid)) as unknown as DiffVersion[];
    } catch (error) {
      throw explainGitLabFailure(error, `reading the versions of merge request ${mergeRequestName(this.address)}`, this.address.api);
    }
    const earlier = versions.find((v) => v.head_commit_sha === since);
    if (!earlier) return null;
    // A version's diff runs from its merge base to its head: the comparison of the two is it.
    const seen = await this.compare(earlier.base_commit_sha, since);
    if (!seen || seen.compare_timeout || seen.diffs.length >= COMPARE_FILE_CAP) return null;
    return changedBetweenVersions(seen.diffs, current);
  }

  /** GitLab's comparison from `from`'s merge base with `to`; null when either commit is gone. */
  private async compare(from: string, to: string): Promise<Comparison | null> {
    const { api, projectId } = this.address;
    try {
      const answer = (await api.Repositories.compare(projectId, from, to)) as unknown as Partial<Comparison>;
      return { commits: answer.commits ?? [], diffs: answer.diffs ?? [], compare_timeout: answer.compare_timeout === true };
    } catch (error) {
      const status = gitlabStatus(error);
      if (status === 404 || status === 400 || status === 422) return null;
      throw explainGitLabFailure(error, `comparing ${from} with ${to} in project ${projectId}`, this.address.api);
    }
  }
}
