import { describe, expect, it } from "vitest";
import type { ReviewComment } from "../../../src/core/review-result.js";
import { earlierFindingOfComment } from "../../../src/forges/earlier-finding-of-comment.js";
import { reviewCommentPayload } from "../../../src/forges/github/review-comment-payload.js";

const comment = (overrides: Partial<ReviewComment> = {}): ReviewComment => ({
  path: "src/a.ts",
  line: 12,
  side: "RIGHT",
  severity: "major",
  title: "Null dereference",
  body: "`user` may be null here.\nCheck it first.",
  fingerprint: "0123456789abcdef",
  ...overrides,
});

/** What GitHub gives back for a comment the publisher posted. */
const asPosted = (c: ReviewComment, extra: { line?: number | null; url?: string } = {}) => ({
  path: c.path,
  body: reviewCommentPayload(c).body,
  line: c.line,
  ...extra,
});

describe("earlierFindingOfComment", () => {
  it("reads back the fingerprint, severity and title the publisher wrote, with the place and the link", () => {
    const url = "https://github.com/acme/widgets/pull/1#discussion_r7";
    expect(earlierFindingOfComment(asPosted(comment(), { url }))).toEqual({
      fingerprint: "0123456789abcdef",
      path: "src/a.ts",
      line: 12,
      severity: "major",
      title: "Null dereference",
      url,
    });
  });

  it("takes the body's first line as the title when there was none, and keeps a suggestion out", () => {
    const found = earlierFindingOfComment(asPosted(comment({ title: undefined, severity: "nit", suggestion: "const x = 1;\n" })));
    expect(found).toMatchObject({ severity: "nit", title: "`user` may be null here." });
    expect(found).not.toHaveProperty("url");
  });

  it("gives a null line for an outdated comment, and no severity for a body it did not write", () => {
    const body = "<!-- ai-review:finding 0123456789abcdef -->\nSomething else entirely\n\nmore";
    expect(earlierFindingOfComment({ path: "src/a.ts", body, line: null })).toEqual({
      fingerprint: "0123456789abcdef",
      path: "src/a.ts",
      line: null,
      title: "Something else entirely",
    });
  });

  it("ignores a comment without a finding marker", () => {
    expect(earlierFindingOfComment({ path: "src/a.ts", body: "**major** Looks like ours, but is not", line: 3 })).toBeNull();
  });
});
