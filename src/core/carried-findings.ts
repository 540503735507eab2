/**
 * The findings only the summary shows, kept in its state marker (`ReviewState.carried`) so
 * that the next summary, edited in place, lists them again while they stand instead of
 * forgetting them: a comment the forge refused inline, a finding outside the diff, one over
 * the inline limit. Inline comments need none of this: the forge gives them back.
 */
import type { EarlierFinding } from "./earlier-finding.js";
import { fingerprint } from "./fingerprint.js";
import { CARRIED_LIMIT, CARRIED_TITLE_LIMIT, type CarriedFinding, type ReviewState } from "./review-marker.js";
import type { Review, ReviewComment } from "./review-result.js";

/** The earlier summary's carried findings, as earlier findings linking to that summary; those with an inline comment left out. */
export function earlierFromCarried(state: ReviewState | null, inline: readonly EarlierFinding[], summaryUrl: string | null): EarlierFinding[] {
  const known = new Set(inline.map((f) => f.fingerprint));
  return (state?.carried ?? [])
    .filter((c) => !known.has(c.f))
    .map((c) => ({ fingerprint: c.f, path: c.p, line: c.l, severity: c.s, title: c.t, inSummary: true, ...(summaryUrl ? { url: summaryUrl } : {}) }));
}

/** What this review's summary alone shows: its summary-only and outside-the-diff findings, and the carried ones still open. */
export function carriedOfReview(review: Pick<Review, "summaryOnly" | "outsideDiff" | "stillOpen">): CarriedFinding[] {
  return limit([
    ...review.summaryOnly.map(ofComment),
    ...review.outsideDiff.map((f) => ({
      // Outside the diff has no line text: the fingerprint is made of the rest, as stable.
      f: fingerprint({ path: f.path, side: f.side, ...(f.title !== undefined ? { title: f.title } : {}), body: f.body, lineText: "" }),
      p: f.path,
      l: f.line,
      s: f.severity,
      t: title(f.title ?? f.body),
    })),
    ...review.stillOpen.filter((f) => f.inSummary && f.severity).map((f) => ({ f: f.fingerprint, p: f.path, l: f.line, s: f.severity!, t: title(f.title) })),
  ]);
}

/** The state with the comments the forge refused inline added: only the summary shows them now. */
export function withMovedCarried(state: ReviewState, moved: ReadonlyArray<{ comment: ReviewComment }>): ReviewState {
  if (moved.length === 0) return state;
  return { ...state, carried: limit([...(state.carried ?? []), ...moved.map(({ comment }) => ofComment(comment))]) };
}

function ofComment(c: ReviewComment): CarriedFinding {
  return { f: c.fingerprint, p: c.path, l: c.line, s: c.severity, t: title(c.title ?? c.body) };
}

function title(text: string): string {
  const first = text.split("\n").find((line) => line.trim() !== "")?.trim() ?? "";
  return Array.from(first).slice(0, CARRIED_TITLE_LIMIT).join("");
}

/** One per fingerprint, the most severe kept when over the limit. */
function limit(carried: CarriedFinding[]): CarriedFinding[] {
  const byPrint = new Map<string, CarriedFinding>();
  for (const c of carried) if (!byPrint.has(c.f)) byPrint.set(c.f, c);
  const order = ["critical", "major", "minor", "nit"];
  return [...byPrint.values()].sort((a, b) => order.indexOf(a.s) - order.indexOf(b.s)).slice(0, CARRIED_LIMIT);
}
