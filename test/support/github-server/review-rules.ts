/**
 * GitHub's rules for creating a pull request review, as pure functions: where an inline
 * comment may sit, body limits, which commit a review may name, who may approve. The
 * server applies them to `POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews`; a
 * review with any broken rule is refused whole (nothing is posted), as GitHub does.
 *
 * Messages are GitHub's own, as users reported them; GitHub names the broken rule but not
 * the comment that broke it, and so do we (only the first invalid comment is described).
 */
import { type GitHubError, githubError, toSentence } from "./github-errors.js";
import { findLine, findPosition, parsePatch, type PatchLine } from "./patch-hunks.js";

/** GitHub's limit for review bodies, review comments and issue comments, in characters. */
export const BODY_LIMIT = 65_536;

export type Side = "LEFT" | "RIGHT";

/** One entry of the request's `comments` (fields as GitHub names them). */
export interface ReviewCommentInput {
  path: string;
  body: string;
  line?: number;
  side?: string;
  start_line?: number;
  start_side?: string;
  position?: number;
}

/** A comment that passed the rules, with what GitHub stores about its place. */
export interface PlacedComment {
  path: string;
  body: string;
  line: number;
  side: Side;
  start_line: number | null;
  start_side: Side | null;
  position: number;
  diff_hunk: string;
}

export type Placement = { ok: true; comment: PlacedComment } | { ok: false; messages: string[] };

const THREAD = "Pull request review thread";
const HUNK_BLANK = `${THREAD} diff hunk can't be blank`;

/**
 * Where a comment lands in one file's patch. `patch` is undefined when the pull request does
 * not change the path, null when it changes it without a patch (binary, too large).
 */
export function placeReviewComment(comment: ReviewCommentInput, patch: string | null | undefined): Placement {
  if (patch === undefined) return { ok: false, messages: [`${THREAD} path is invalid`, HUNK_BLANK] };
  const hunks = patch === null ? [] : parsePatch(patch);

  if (comment.line === undefined && comment.position !== undefined) {
    const found = findPosition(hunks, comment.position);
    if (!found) return { ok: false, messages: [`${THREAD} position is invalid`, HUNK_BLANK] };
    const side: Side = found.line.kind === "del" ? "LEFT" : "RIGHT";
    return { ok: true, comment: placed(comment, found.line, side, (side === "LEFT" ? found.line.oldLine : found.line.newLine) ?? 0, null) };
  }

  const side = comment.side ?? "RIGHT";
  const startSide = comment.start_side ?? side;
  if (!isSide(side) || !isSide(startSide)) return { ok: false, messages: [`${THREAD} side is not included in the list`] };
  if (comment.line === undefined) return { ok: false, messages: [`${THREAD} line must be part of the diff`, HUNK_BLANK] };

  const end = findLine(hunks, side, comment.line);
  if (!end) return { ok: false, messages: [`${THREAD} line must be part of the diff`, HUNK_BLANK] };
  if (comment.start_line === undefined) return { ok: true, comment: placed(comment, end.line, side, comment.line, null) };

  const start = findLine(hunks, startSide, comment.start_line);
  if (!start || start.hunk !== end.hunk) {
    return { ok: false, messages: [`${THREAD} start line must be part of the same hunk as the line.`] };
  }
  if (start.line.position >= end.line.position) {
    return { ok: false, messages: ["pull_request_review_thread.start_line must precede the end line."] };
  }
  return { ok: true, comment: placed(comment, end.line, side, comment.line, { line: comment.start_line, side: startSide }) };
}

function placed(comment: ReviewCommentInput, line: PatchLine, side: Side, lineNumber: number, start: { line: number; side: Side } | null): PlacedComment {
  return {
    path: comment.path,
    body: comment.body,
    line: lineNumber,
    side,
    start_line: start?.line ?? null,
    start_side: start?.side ?? null,
    position: line.position,
    diff_hunk: line.diffHunk,
  };
}

function isSide(value: string): value is Side {
  return value === "LEFT" || value === "RIGHT";
}

/** GitHub counts characters (code points), not UTF-16 units: an emoji counts once. */
export function bodyLength(body: string): number {
  let count = 0;
  for (const _ of body) count++;
  return count;
}

export function isBodyTooLong(body: string | undefined | null): boolean {
  return body != null && bodyLength(body) > BODY_LIMIT;
}

export const TOO_LONG = `body is too long (maximum is ${BODY_LIMIT} characters)`;

export interface ReviewRequest {
  commit_id?: string;
  body?: string;
  event?: string;
  comments?: ReviewCommentInput[];
}

export interface ReviewContext {
  /** Every head SHA the pull request has had, oldest first. */
  headShas: readonly string[];
  pullAuthor: string;
  reviewer: string;
  /** The reviewer is the `GITHUB_TOKEN` of a workflow run. */
  reviewerIsActions: boolean;
  /** The repository setting "Allow GitHub Actions to create and approve pull requests". */
  actionsMayApprove: boolean;
  /** The patch of a path in the pull request's diff at a commit (see `placeReviewComment`). */
  patchAt(commitId: string, path: string): string | null | undefined;
  /** The operation's docs page, for error bodies. */
  documentationUrl: string;
}

export type ReviewCheck = { ok: true; commitId: string; comments: PlacedComment[] } | { ok: false; error: GitHubError };

export function checkReview(request: ReviewRequest, context: ReviewContext): ReviewCheck {
  const docs = context.documentationUrl;
  const commitId = request.commit_id ?? context.headShas.at(-1) ?? "";
  // Reported by users of the reviews endpoint: "The commitOID is not part of the pull request".
  if (!context.headShas.includes(commitId)) {
    return { ok: false, error: githubError.unprocessable(docs, "The commitOID is not part of the pull request") };
  }
  if (isBodyTooLong(request.body)) {
    return { ok: false, error: githubError.validationFailed(docs, { resource: "PullRequestReview", code: "custom", field: "body", message: TOO_LONG }) };
  }

  const comments: PlacedComment[] = [];
  for (const comment of request.comments ?? []) {
    if (isBodyTooLong(comment.body)) {
      return {
        ok: false,
        error: githubError.validationFailed(docs, { resource: "PullRequestReviewComment", code: "custom", field: "body", message: TOO_LONG }),
      };
    }
    const placement = placeReviewComment(comment, context.patchAt(commitId, comment.path));
    if (!placement.ok) return { ok: false, error: githubError.unprocessable(docs, toSentence(placement.messages)) };
    comments.push(placement.comment);
  }

  const ownPull = context.reviewer === context.pullAuthor;
  if (request.event === "APPROVE" && ownPull) return { ok: false, error: githubError.unprocessable(docs, "Can not approve your own pull request") };
  if (request.event === "REQUEST_CHANGES" && ownPull) {
    return { ok: false, error: githubError.unprocessable(docs, "Can not request changes on your own pull request") };
  }
  if (request.event === "APPROVE" && context.reviewerIsActions && !context.actionsMayApprove) {
    return { ok: false, error: githubError.unprocessable(docs, "GitHub Actions is not permitted to approve pull requests.") };
  }
  return { ok: true, commitId, comments };
}
