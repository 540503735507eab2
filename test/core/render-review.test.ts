import { describe, expect, it } from "vitest";
import { formatReviewMarkdown } from "../../src/core/render-review-markdown.js";
import { formatReviewText, movedNote } from "../../src/core/render-review-text.js";
import { renderSummary } from "../../src/core/render-summary.js";
import type { Review, ReviewComment } from "../../src/core/review-result.js";

const usage = { calls: 1, failedCalls: 0, requests: 1, retries: 0, promptTokens: 100, completionTokens: 20, callsWithoutUsage: 0, timeMs: 1000, costUsd: null, models: [] };

function comment(over: Partial<ReviewComment> = {}): ReviewComment {
  return { path: "src/a.ts", line: 14, side: "RIGHT", severity: "minor", title: "Unchecked", body: "Check the result.", fingerprint: "fp", ...over };
}

function review(over: Partial<Review> = {}): Review {
  const base: Omit<Review, "summary"> = {
    verdict: "comment",
    overview: "Adds a parser.",
    comments: [],
    summaryOnly: [],
    outsideDiff: [],
    skipped: [],
    failedChunks: [],
    invalidComments: [],
    redactions: 0,
    duplicates: { merged: 0, alreadyPosted: 0 },
    alreadyPostedFingerprints: [],
    stillOpen: [],
    usage,
    parts: [],
    summaryPass: { model: null, outcome: "small-change" },
    budget: null,
    base: null,
    head: null,
    ...over,
  };
  const summary = renderSummary({ ...base, files: [{ path: "src/a.ts", status: "modified", additions: 3, deletions: 1 }] });
  return { ...base, summary, ...over };
}

describe("movedNote", () => {
  it("says where the model put a moved comment, and why it is not there", () => {
    expect(movedNote(comment())).toBeNull();
    expect(movedNote(comment({ movedFrom: { line: 12 } }))).toBe("moved from line 12, which is not in the diff");
    expect(movedNote(comment({ side: "LEFT", movedFrom: { line: 3 } }))).toBe("moved from line 3 of the old file, which is not in the diff");
    expect(movedNote(comment({ movedFrom: { line: 14, startLine: 8 } }))).toBe("moved from lines 8-14, which are not all in the diff");
    expect(movedNote(comment({ movedFrom: { line: 8, startLine: 14 } }))).toBe("moved from lines 8-14, which are not all in the diff");
  });
});

describe("text and markdown outputs", () => {
  const moved = comment({ movedFrom: { line: 12 } });

  it("say that a comment was moved, next to it", () => {
    const text = formatReviewText(review({ comments: [moved, comment({ path: "src/b.ts", line: 2 })] }));
    expect(text).toContain("src/a.ts:14  [minor] Unchecked\n    (moved from line 12, which is not in the diff)\n    Check the result.");
    expect(text).toContain("src/b.ts:2  [minor] Unchecked\n    Check the result.");
    const markdown = formatReviewMarkdown(review({ summaryOnly: [moved] }));
    expect(markdown).toContain("#### `src/a.ts:14` (minor) Unchecked\n\n_Moved from line 12, which is not in the diff._\n\nCheck the result.");
  });

  it("give the reason of each finding outside the diff", () => {
    const outside = { path: "src/gen.ts", line: 3, side: "RIGHT" as const, severity: "major" as const, body: "Bad.", reason: "src/gen.ts was not reviewed: generated (src/gen.ts)" };
    const r = review({ outsideDiff: [outside] });
    expect(formatReviewText(r)).toContain("Outside the diff:\n  src/gen.ts:3  [major] Bad.\n      src/gen.ts was not reviewed: generated (src/gen.ts)\n");
    expect(formatReviewMarkdown(r)).toContain("- **major** `src/gen.ts:3` Bad. _(src/gen.ts was not reviewed: generated (src/gen.ts))_");
  });

  it("count and list the model's dropped comments, and never call that 'no findings'", () => {
    const invalidComments = [
      { path: "src/a.ts", line: 0, reason: "line must be a line number of the file (1 or more), not 0", part: 1 },
      { reason: "the comment must be an object with path, line, severity and body, not \"ok\"", part: 2 },
    ];
    const r = review({ invalidComments });
    const text = formatReviewText(r);
    expect(text).toContain("Dropped (2): comments from the model that could not be used:\n  part 1 src/a.ts:0: line must be a line number of the file (1 or more), not 0\n  part 2: the comment must be");
    expect(r.summary).not.toContain("No findings.");
    expect(r.summary).toContain('No usable findings: 2 comment(s) from the model were invalid (see "Dropped" below).');
    expect(r.summary).toContain("### Dropped (2)");
    expect(r.summary).toContain("- part 1 `src/a.ts:0`: line must be a line number of the file (1 or more), not 0");
    expect(formatReviewMarkdown(r)).toBe(r.summary);
    expect(review().summary).toContain("No findings.");
    expect(review().summary).not.toContain("Dropped");
  });
});
