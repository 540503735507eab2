/**
 * Publishes a review on a GitHub pull request and reads back what the bot posted before.
 *
 * How a run uses it with `GitHubChangeSource` (state lives in the forge, not a database):
 * 1. `previous()` reads the bot's summary marker (the head it reviewed, the fingerprints it
 *    posted) and its inline comments (their fingerprints, and each as an earlier finding:
 *    place, severity, title, link, for the summary's "still open" list);
 * 2. `source.readChange({ since: previous.state?.head })` gives only the files changed since
 *    that head (the whole change on a first run, after a force-push, for `/review full`, or
 *    after a `partial` review that left code unseen);
 * 3. the engine drops findings whose fingerprint is in `previous.fingerprints` (dedupe), so
 *    `review.comments` holds only new ones;
 * 4. `publish(review, state)` with `state = { head: review.head, base: review.base,
 *    fingerprints: [...previous.fingerprints, ...the fingerprints of review.comments and
 *    review.summaryOnly] }` posts the new comments and edits the one summary comment in
 *    place. A comment GitHub refuses inline is listed in the summary, so its fingerprint
 *    rightly stays in the state: it was posted, and the next run does not repeat it.
 *
 * Only comments written by `botLogin` are trusted (an app writes as `<slug>[bot]`, an
 * Action's token as `github-actions[bot]`): anyone can paste a marker into a comment.
 */
import type { PreviousReview, PublishResult, ReviewPublisher } from "../review-publisher.js";
import { earlierFromCarried, withMovedCarried } from "../../core/carried-findings.js";
import type { EarlierFinding } from "../../core/earlier-finding.js";
import { earlierFindingOfComment } from "../earlier-finding-of-comment.js";
import { readSummaryMarker, type ReviewState } from "../../core/review-marker.js";
import type { Review } from "../../core/review-result.js";
import type { GitHubRest } from "./create-github-octokit.js";
import { explainGitHubFailure } from "./explain-github-failure.js";
import { isRequestFailure } from "./github-message.js";
import { listBotComments } from "./list-bot-comments.js";
import { postReview } from "./post-review.js";
import { summaryCommentBody } from "./summary-comment-body.js";
import { NO_RETRY, writeOnce } from "./write-once.js";

export interface GitHubPublisherOptions {
  octokit: GitHubRest;
  owner: string;
  repo: string;
  pullNumber: number;
  /** The login the bot writes as: `<app-slug>[bot]`, or `github-actions[bot]` in an Action. */
  botLogin: string;
}

interface SummaryComment {
  id: number;
  url: string;
  state: ReviewState | null;
}

export class GitHubPublisher implements ReviewPublisher {
  private readonly options: GitHubPublisherOptions;
  private summary: Promise<SummaryComment | null> | null = null;

  constructor(options: GitHubPublisherOptions) {
    this.options = options;
  }

  async previous(): Promise<PreviousReview> {
    const [summary, inline] = await Promise.all([this.summaryComment(), this.inlineFindings()]);
    const state = summary?.state ?? null;
    // The summary's own findings too: the summary is edited in place and must list them again.
    const findings = [...inline, ...earlierFromCarried(state, inline, summary?.url ?? null)];
    return { state, fingerprints: new Set([...(state?.fingerprints ?? []), ...inline.map((f) => f.fingerprint)]), findings };
  }

  async publish(review: Review, state: ReviewState): Promise<PublishResult> {
    const { octokit, owner, repo, pullNumber } = this.options;
    const head = review.head;
    if (!head) throw new Error("publish: the review has no head SHA; GitHub needs the reviewed commit as commit_id");
    // The review first: what GitHub refuses inline goes into the summary.
    const posted = await postReview({ octokit, owner, repo, pullNumber }, { verdict: review.verdict, head, comments: review.comments });
    const body = summaryCommentBody({ state: withMovedCarried(state, posted.moved), summary: review.summary, moved: posted.moved, verdictRefused: posted.verdictRefused });
    const summary = await this.writeSummary(body);
    return {
      inline: posted.inline,
      movedToSummary: posted.moved.length,
      verdict: posted.verdict,
      writeCalls: posted.writeCalls + summary.writeCalls,
      summaryUrl: summary.url,
    };
  }

  /** Edits the bot's summary comment in place, or creates it on the first run. */
  private async writeSummary(body: string): Promise<{ url: string; writeCalls: number }> {
    const { octokit, owner, repo, pullNumber } = this.options;
    const existing = await this.summaryComment();
    const where = `the summary comment on ${owner}/${repo}#${pullNumber}`;
    let writeCalls = 0;
    if (existing) {
      writeCalls++;
      try {
        const { data } = await octokit.rest.issues.updateComment({ owner, repo, comment_id: existing.id, body });
        return { url: data.html_url, writeCalls };
      } catch (error) {
        // Deleted by someone since it was read: write a new one.
        if (!isRequestFailure(error) || error.status !== 404) throw explainGitHubFailure(error, `editing ${where}`);
      }
    }
    writeCalls++;
    try {
      const created = await writeOnce(
        async () => {
          const { data } = await octokit.rest.issues.createComment({ owner, repo, issue_number: pullNumber, body, request: NO_RETRY });
          return { id: data.id, url: data.html_url };
        },
        // The bot had no summary here before this write (or it was deleted since): one with
        // this write's marker is this write, stored although GitHub answered 5xx.
        async () => (await listBotComments(octokit, this.options, this.options.botLogin)).find((c) => firstLine(c.body) === firstLine(body)) ?? null,
      );
      this.summary = Promise.resolve({ ...created, state: readSummaryMarker(body) });
      return { url: created.url, writeCalls };
    } catch (error) {
      throw explainGitHubFailure(error, `writing ${where}`);
    }
  }

  /** The bot's newest comment that starts with a summary marker; read once per publisher. */
  private summaryComment(): Promise<SummaryComment | null> {
    this.summary ??= this.findSummaryComment();
    return this.summary;
  }

  private async findSummaryComment(): Promise<SummaryComment | null> {
    let newest: (SummaryComment & { created: string }) | null = null;
    for (const comment of await listBotComments(this.options.octokit, this.options, this.options.botLogin)) {
      const state = readSummaryMarker(comment.body);
      if (!state) continue;
      const later = !newest || comment.created > newest.created || (comment.created === newest.created && comment.id > newest.id);
      if (later) newest = { id: comment.id, url: comment.url, state, created: comment.created };
    }
    return newest && { id: newest.id, url: newest.url, state: newest.state };
  }

  /** The bot's inline comments that carry a finding marker, oldest first, one per fingerprint. */
  private async inlineFindings(): Promise<EarlierFinding[]> {
    const { octokit, owner, repo, pullNumber } = this.options;
    let comments;
    try {
      comments = await octokit.paginate(octokit.rest.pulls.listReviewComments, { owner, repo, pull_number: pullNumber, per_page: 100 });
    } catch (error) {
      throw explainGitHubFailure(error, `reading the review comments of ${owner}/${repo}#${pullNumber}`);
    }
    const findings = new Map<string, EarlierFinding>();
    for (const comment of comments) {
      if (!this.isBot(comment.user?.login)) continue;
      const finding = earlierFindingOfComment({ body: comment.body, path: comment.path, line: comment.line ?? null, url: comment.html_url });
      if (finding && !findings.has(finding.fingerprint)) findings.set(finding.fingerprint, finding);
    }
    return [...findings.values()];
  }

  private isBot(login: string | undefined): boolean {
    return login !== undefined && login.toLowerCase() === this.options.botLogin.toLowerCase();
  }
}

function firstLine(text: string): string {
  return text.split("\n", 1)[0]!;
}
