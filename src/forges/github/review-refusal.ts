/**
 * Why GitHub refused (422) a review, from its message:
 * - "event": the verdict, not the comments ("Can not approve your own pull request",
 *   "GitHub Actions is not permitted to approve pull requests."): posted as COMMENT instead;
 * - "review": the review as a whole (a `commit_id` not in the pull request, a pending review
 *   already open): splitting the comments cannot help, so it is an error;
 * - "comments": anything else, some comment's place or body: found by bisection. Unknown
 *   messages land here on purpose, so a finding is moved to the summary rather than lost.
 */
export type ReviewRefusal = "event" | "review" | "comments";

export function reviewRefusal(message: string): ReviewRefusal {
  if (/can ?not (approve|request changes on) your own pull request|not permitted to approve/i.test(message)) return "event";
  if (/commitoid is not part of|no commit found for|one pending review/i.test(message)) return "review";
  return "comments";
}
