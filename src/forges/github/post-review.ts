/**
 * One review with every inline comment, in one `pulls.createReview` call when GitHub takes
 * it. On a 422 the offending comments are found by bisection and handed back to go into
 * the summary; a refused verdict (approving or requesting changes on one's own pull
 * request, an Action not allowed to approve) is posted as a comment instead. A comment is
 * posted at most once: GitHub refuses a review whole, so a refused call posted nothing,
 * and a review whose sending ended in a 5xx is looked for (by the post marker at the start
 * of its body) before it is sent again.
 */
import { randomUUID } from "node:crypto";
import { postMarker } from "../../core/review-marker.js";
import type { ReviewComment } from "../../core/review-result.js";
import type { Verdict } from "../../core/verdict.js";
import type { GitHubRest } from "./create-github-octokit.js";
import { explainGitHubFailure } from "./explain-github-failure.js";
import { githubMessage, isRequestFailure } from "./github-message.js";
import { postByBisection, type BatchOutcome } from "./post-by-bisection.js";
import { reviewCommentPayload, type ReviewCommentPayload } from "./review-comment-payload.js";
import { reviewEvent, type ReviewEvent } from "./review-event.js";
import { reviewRefusal } from "./review-refusal.js";
import type { MovedComment } from "./summary-comment-body.js";
import { NO_RETRY, writeOnce } from "./write-once.js";

export interface ReviewTarget {
  octokit: GitHubRest;
  owner: string;
  repo: string;
  pullNumber: number;
}

export interface PostedReview {
  /** The verdict GitHub took: a refused one falls back to "comment". */
  verdict: Verdict;
  /** Set when GitHub refused the verdict, with what it said. */
  verdictRefused: { verdict: Verdict; message: string } | null;
  inline: number;
  moved: MovedComment[];
  writeCalls: number;
}

interface Pending {
  comment: ReviewComment;
  payload: ReviewCommentPayload;
}

const VERDICT_OF: Record<ReviewEvent, Verdict> = { APPROVE: "approve", REQUEST_CHANGES: "request_changes", COMMENT: "comment" };

export async function postReview(
  target: ReviewTarget,
  review: { verdict: Verdict; head: string; comments: readonly ReviewComment[] },
): Promise<PostedReview> {
  const { octokit, owner, repo, pullNumber } = target;
  const where = `${owner}/${repo}#${pullNumber}`;
  let writeCalls = 0;
  let event = reviewEvent(review.verdict);
  let verdictRefused: PostedReview["verdictRefused"] = null;
  let eventPosted = false;

  // The first review that goes through carries the verdict; any later one (only after a
  // 422) is a plain comment, so the pull request gets one verdict.
  const post = async (batch: readonly Pending[]): Promise<BatchOutcome> => {
    for (;;) {
      const carriesEvent = !eventPosted;
      const posted: ReviewEvent = carriesEvent ? event : "COMMENT";
      // GitHub wants a body for a COMMENT without comments: with nothing to say, say nothing.
      if (batch.length === 0 && posted === "COMMENT") return { posted: true };
      writeCalls++;
      // A fresh id each sending: a review GitHub stored before answering 5xx is found by it.
      const marker = postMarker(randomUUID());
      try {
        await writeOnce(
          async () => {
            await octokit.rest.pulls.createReview({
              owner,
              repo,
              pull_number: pullNumber,
              commit_id: review.head,
              event: posted,
              body: carriesEvent ? `${marker}\n${reviewBody(posted)}` : marker,
              comments: batch.map((p) => p.payload),
              request: NO_RETRY,
            });
            return true;
          },
          async () => (await reviewStored(target, marker)) || null,
        );
        eventPosted ||= carriesEvent;
        return { posted: true };
      } catch (error) {
        if (!isRequestFailure(error) || error.status !== 422) throw explainGitHubFailure(error, `posting a review on ${where}`);
        const message = githubMessage(error);
        const refusal = reviewRefusal(message);
        if (refusal === "event" && posted !== "COMMENT") {
          verdictRefused = { verdict: VERDICT_OF[posted], message };
          event = "COMMENT";
          continue;
        }
        if (refusal === "comments" && batch.length > 0) return { posted: false, reason: message };
        throw explainGitHubFailure(error, `posting a review on ${where}`);
      }
    }
  };

  const pending = review.comments.map((comment) => ({ comment, payload: reviewCommentPayload(comment) }));
  const moved: MovedComment[] = [];
  if (pending.length > 0) {
    const outcome = await postByBisection(pending, post);
    for (const { item, reason } of outcome.rejected) moved.push({ comment: item.comment, reason });
  }
  // Every comment refused, or none to post: the verdict still has to reach the pull request.
  if (!eventPosted) await post([]);
  return { verdict: VERDICT_OF[event], verdictRefused, inline: pending.length - moved.length, moved, writeCalls };
}

/** Whether the pull request holds a review whose body starts with `marker`. */
async function reviewStored(target: ReviewTarget, marker: string): Promise<boolean> {
  const { octokit, owner, repo, pullNumber } = target;
  const reviews = await octokit.paginate(octokit.rest.pulls.listReviews, { owner, repo, pull_number: pullNumber, per_page: 100 });
  return reviews.some((r) => (r.body ?? "").startsWith(marker));
}

/** Short: the summary comment says everything, and it is the one edited on later runs. */
function reviewBody(event: ReviewEvent): string {
  const what = event === "APPROVE" ? "Approved" : event === "REQUEST_CHANGES" ? "Changes requested" : "Comments";
  return `AI review: ${what}. The summary is in the conversation.`;
}
