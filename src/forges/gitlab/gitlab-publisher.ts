/**
 * Publishes a review on a GitLab merge request and reads back what the bot posted before.
 *
 * GitLab has no batch of inline comments: each finding is one discussion with a text
 * position, posted a few at a time. A position GitLab refuses (400) moves that finding into
 * the summary's "could not be posted inline" list and the rest go on, so a finding is never
 * lost. Then the approval, then the one summary note, created on the first review and edited
 * in place after. Write calls: one per inline comment, one for the summary, one more when the
 * approval changes; never a retry of the whole review.
 *
 * The approval follows the review's verdict, settled when publishing: the verdict is
 * `approve` only when the config's `approve` is on (see decideVerdict), so the publisher
 * needs no setting of its own; any other verdict takes back an approval the bot gave
 * earlier, which would otherwise stand for commits it never saw.
 *
 * Positions name the `diff_refs` of the reviewed diff: those of the merge request when it is
 * still at that head and merge base, else those of the merge request version GitLab kept
 * for them (a push or a retarget came during the review). A line's kind and both its numbers come from the change the
 * review was made on (`publish`'s `change`).
 *
 * Only notes written by the bot are trusted (`botUsername`, else the token's own user).
 */
import type { Change } from "../change-source.js";
import type { PreviousReview, PublishResult, ReviewPublisher } from "../review-publisher.js";
import { earlierFromCarried, withMovedCarried } from "../../core/carried-findings.js";
import type { FileDiff } from "../../core/diff-model.js";
import { parseDiffText } from "../../core/parse-diff-text.js";
import { readSummaryMarker, type ReviewState } from "../../core/review-marker.js";
import type { Review, ReviewComment } from "../../core/review-result.js";
import { summaryBody, type MovedComment } from "../summary-body.js";
import { allPages, type GitLabPage } from "./all-pages.js";
import { discussionFindings, findSummaryNote, isAuthor, type GitLabDiscussion, type GitLabNote, type SummaryNote } from "./bot-notes.js";
import { createDiscussion } from "./create-discussion.js";
import { discussionBody, GITLAB_NOTE_LIMIT } from "./discussion-body.js";
import { explainGitLabFailure } from "./explain-gitlab-failure.js";
import { gitlabMessage, gitlabStatus } from "./gitlab-failure.js";
import {
  fetchMergeRequestFacts,
  mergeRequestName,
  type DiffRefs,
  type GitLabMergeRequestAddress,
  type GitLabMergeRequestFacts,
} from "./merge-request-facts.js";
import { postEach } from "./post-each.js";
import { settleApproval } from "./settle-approval.js";
import { textPosition, type TextPosition } from "./text-position.js";
import { writeOnce } from "./write-once.js";

export interface GitLabPublisherOptions extends GitLabMergeRequestAddress {
  /** The user the bot writes as; asked of GitLab (`GET /user`) once when not given. */
  botUsername?: string;
  /** Discussions posted at once (default 4). */
  concurrency?: number;
}

interface Pending {
  comment: ReviewComment;
  body: string;
  position: TextPosition;
}

export class GitLabPublisher implements ReviewPublisher {
  private readonly options: GitLabPublisherOptions;
  private readonly name: string;
  private bot: Promise<string> | null = null;
  private facts: Promise<GitLabMergeRequestFacts> | null = null;
  private summary: Promise<SummaryNote | null> | null = null;

  constructor(options: GitLabPublisherOptions) {
    this.options = options;
    this.name = mergeRequestName(options);
  }

  async previous(): Promise<PreviousReview> {
    const [summary, inline, facts] = await Promise.all([this.summaryNote(), this.discussionFindings(), this.mergeRequest()]);
    const state = summary?.state ?? null;
    // The summary's own findings too: the summary is edited in place and must list them again.
    const url = summary && facts.webUrl ? `${facts.webUrl}#note_${summary.id}` : null;
    const findings = [...inline, ...earlierFromCarried(state, inline, url)];
    return { state, fingerprints: new Set([...(state?.fingerprints ?? []), ...inline.map((f) => f.fingerprint)]), findings };
  }

  async publish(review: Review, state: ReviewState, change: Change): Promise<PublishResult> {
    const head = review.head;
    if (!head) throw new Error("publish: the review has no head SHA; GitLab places comments on the reviewed commit");
    const refs = await this.refsAt(head, change.baseSha);
    const moved: MovedComment[] = [];
    const pending: Pending[] = [];
    const files = new Map<string, FileDiff>(parseDiffText(change.diffText).map((file) => [file.path, file]));
    for (const comment of review.comments) {
      const file = files.get(comment.path);
      const placed = !refs
        ? { ok: false as const, reason: `the merge request has no version at ${head.slice(0, 12)} to place comments on` }
        : !file
          ? { ok: false as const, reason: `${comment.path} is not in the reviewed diff` }
          : textPosition(comment, file, refs);
      if (placed.ok) pending.push({ comment, body: discussionBody(comment), position: placed.position });
      else moved.push({ comment, reason: placed.reason });
    }

    const posted = await this.postDiscussions(pending);
    moved.push(...posted.refused.map(({ item, reason }) => ({ comment: item.comment, reason })));
    const approval = await settleApproval(this.options, await this.botUsername(), review.verdict, head);
    // Findings in review order, whichever way they failed.
    const order = new Map(review.comments.map((c, i) => [c, i]));
    moved.sort((a, b) => order.get(a.comment)! - order.get(b.comment)!);
    const body = summaryBody({ state: withMovedCarried(state, moved), summary: review.summary, moved, verdictRefused: approval.refused }, { name: "GitLab", limit: GITLAB_NOTE_LIMIT });
    const summary = await this.writeSummary(body);
    return {
      inline: posted.posted.length,
      movedToSummary: moved.length,
      verdict: approval.verdict,
      writeCalls: posted.writeCalls + approval.writeCalls + summary.writeCalls,
      summaryUrl: summary.url,
    };
  }

  private async postDiscussions(pending: readonly Pending[]) {
    const { api, projectId, mergeRequestIid } = this.options;
    try {
      return await postEach(
        pending,
        // A discussion whose answer was lost (a 5xx) is looked for by its marker before it is sent again.
        ({ body, position }) =>
          writeOnce(
            async () => void (await createDiscussion(api, projectId, mergeRequestIid, body, position)),
            async () => ((await this.botNoteStartingLike(body)) ? undefined : null),
          ),
        { concurrency: this.options.concurrency ?? 4, refusal: (error) => (gitlabStatus(error) === 400 ? gitlabMessage(error) : null) },
      );
    } catch (error) {
      throw explainGitLabFailure(error, `posting a discussion on merge request ${this.name}`, this.options.api);
    }
  }

  /**
   * The diff_refs of the reviewed diff (its head and merge base): the merge request's, or
   * those of its version with that head and base. The base matters as much as the head: a
   * merge request retargeted while it was reviewed keeps its head but has another diff, and
   * positions computed on the reviewed one would land on the wrong lines of the new one.
   */
  private async refsAt(head: string, base: string | null): Promise<DiffRefs | null> {
    const facts = await this.mergeRequest();
    const sameBase = (b: string) => base === null || b === base;
    if (facts.diffRefs.headSha === head && sameBase(facts.diffRefs.baseSha)) return facts.diffRefs;
    const { api, projectId, mergeRequestIid } = this.options;
    let versions: Array<{ head_commit_sha: string; base_commit_sha: string; start_commit_sha: string }>;
    try {
      versions = (await api.MergeRequests.allDiffVersions(projectId, mergeRequestIid)) as unknown as typeof versions;
    } catch (error) {
      throw explainGitLabFailure(error, `reading the versions of merge request ${this.name}`, this.options.api);
    }
    const version = versions.find((v) => v.head_commit_sha === head && sameBase(v.base_commit_sha));
    return version ? { baseSha: version.base_commit_sha, startSha: version.start_commit_sha, headSha: version.head_commit_sha } : null;
  }

  /** Edits the bot's summary note in place, or creates it on the first review. */
  private async writeSummary(body: string): Promise<{ url: string | null; writeCalls: number }> {
    const { api, projectId, mergeRequestIid } = this.options;
    const existing = await this.summaryNote();
    const where = `the summary note on merge request ${this.name}`;
    const url = async (id: number) => {
      const webUrl = (await this.mergeRequest()).webUrl;
      return webUrl ? `${webUrl}#note_${id}` : null;
    };
    let writeCalls = 0;
    if (existing) {
      writeCalls++;
      try {
        await api.MergeRequestNotes.edit(projectId, mergeRequestIid, existing.id, { body });
        return { url: await url(existing.id), writeCalls };
      } catch (error) {
        // Deleted by someone since it was read: write a new one.
        if (gitlabStatus(error) !== 404) throw explainGitLabFailure(error, `editing ${where}`, this.options.api);
      }
    }
    writeCalls++;
    try {
      const note = await writeOnce(
        async () => (await api.MergeRequestNotes.create(projectId, mergeRequestIid, body)) as unknown as GitLabNote,
        () => this.botNoteStartingLike(body),
      );
      const state = readSummaryMarker(body);
      this.summary = Promise.resolve(state && { id: note.id, state });
      return { url: await url(note.id), writeCalls };
    } catch (error) {
      throw explainGitLabFailure(error, `writing ${where}`, this.options.api);
    }
  }

  /** The bot's note whose first line (its marker) is `body`'s: a write stored although GitLab's answer was lost. */
  private async botNoteStartingLike(body: string): Promise<GitLabNote | null> {
    const first = body.split("\n", 1)[0]!;
    const bot = await this.botUsername();
    return (await this.allOf<GitLabNote>("notes")).find((note) => isAuthor(note, bot) && note.body.split("\n", 1)[0] === first) ?? null;
  }

  private mergeRequest(): Promise<GitLabMergeRequestFacts> {
    this.facts ??= fetchMergeRequestFacts(this.options);
    return this.facts;
  }

  private botUsername(): Promise<string> {
    this.bot ??= this.options.botUsername
      ? Promise.resolve(this.options.botUsername)
      : this.options.api.Users.showCurrentUser().then(
          (user) => user.username,
          (error: unknown) => {
            throw explainGitLabFailure(error, "reading which user the token belongs to (GET /user)", this.options.api);
          },
        );
    return this.bot;
  }

  /** The bot's summary note; read once per publisher. */
  private summaryNote(): Promise<SummaryNote | null> {
    this.summary ??= (async () => {
      const [bot, notes] = await Promise.all([this.botUsername(), this.allOf<GitLabNote>("notes")]);
      return findSummaryNote(notes, bot);
    })();
    return this.summary;
  }

  private async discussionFindings() {
    const [bot, discussions, facts] = await Promise.all([this.botUsername(), this.allOf<GitLabDiscussion>("discussions"), this.mergeRequest()]);
    return discussionFindings(discussions, bot, facts.webUrl);
  }

  private async allOf<T>(what: "notes" | "discussions"): Promise<T[]> {
    const { api, projectId, mergeRequestIid } = this.options;
    const resource = what === "notes" ? api.MergeRequestNotes : api.MergeRequestDiscussions;
    try {
      return await allPages(
        (page) => resource.all(projectId, mergeRequestIid, { page, perPage: 100, showExpanded: true }) as unknown as Promise<GitLabPage<T>>,
      );
    } catch (error) {
      throw explainGitLabFailure(error, `reading the ${what} of merge request ${this.name}`, this.options.api);
    }
  }
}
