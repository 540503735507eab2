import { describe, expect, test } from "vitest";
import { toSentence } from "../support/github-server/github-errors.js";
import { BODY_LIMIT, bodyLength, checkReview, placeReviewComment, type ReviewContext } from "../support/github-server/review-rules.js";

// Two hunks of one file: lines 2-4 (old) / 2-5 (new), and lines 20-22 (old) / 21-23 (new).
const PATCH = [
  "@@ -2,3 +2,4 @@",
  " two",
  "-three",
  "+THREE",
  "+three and a half",
  " four",
  "@@ -20,3 +21,3 @@",
  " twenty",
  "-twenty-one",
  "+TWENTY-ONE",
  " twenty-two",
].join("\n");

const place = (comment: Record<string, unknown>, patch: string | null | undefined = PATCH) =>
  placeReviewComment({ path: "f.txt", body: "note", ...comment }, patch);

describe("placeReviewComment", () => {
  test("RIGHT takes added and context lines by their new number", () => {
    expect(place({ line: 3 })).toMatchObject({ ok: true, comment: { line: 3, side: "RIGHT", position: 3 } });
    expect(place({ line: 2, side: "RIGHT" })).toMatchObject({ ok: true, comment: { line: 2, position: 1 } });
    expect(place({ line: 23 })).toMatchObject({ ok: true, comment: { line: 23, position: 10 } });
  });

  test("LEFT takes deleted and context lines by their old number", () => {
    expect(place({ line: 3, side: "LEFT" })).toMatchObject({ ok: true, comment: { line: 3, side: "LEFT", position: 2 } });
    expect(place({ line: 4, side: "LEFT" })).toMatchObject({ ok: true, comment: { position: 5 } });
    // Old line 5 is outside both hunks on the left.
    expect(place({ line: 5, side: "LEFT" })).toEqual({
      ok: false,
      messages: ["Pull request review thread line must be part of the diff", "Pull request review thread diff hunk can't be blank"],
    });
  });

  test("a line between hunks, or past the end, is off the diff", () => {
    for (const line of [1, 10, 20, 24, 500]) expect(place({ line }).ok, `line ${line}`).toBe(false);
  });

  test("a range inside one hunk is accepted, with its start", () => {
    expect(place({ start_line: 2, line: 5 })).toMatchObject({ ok: true, comment: { start_line: 2, start_side: "RIGHT", line: 5 } });
    expect(place({ start_line: 3, start_side: "LEFT", line: 4, side: "RIGHT" })).toMatchObject({ ok: true, comment: { start_side: "LEFT" } });
  });

  test("a range across hunks, or starting off the diff, is refused", () => {
    const refused = { ok: false, messages: ["Pull request review thread start line must be part of the same hunk as the line."] };
    expect(place({ start_line: 4, line: 22 })).toEqual(refused);
    expect(place({ start_line: 1, line: 3 })).toEqual(refused);
  });

  test("a range must start before it ends", () => {
    const refused = { ok: false, messages: ["pull_request_review_thread.start_line must precede the end line."] };
    expect(place({ start_line: 4, line: 3 })).toEqual(refused);
    expect(place({ start_line: 3, line: 3 })).toEqual(refused);
  });

  test("a path the pull request does not change, and a file without patch", () => {
    // undefined: the pull request does not change the path (a default parameter would swallow it).
    expect(placeReviewComment({ path: "other.txt", body: "note", line: 3 }, undefined)).toEqual({
      ok: false,
      messages: ["Pull request review thread path is invalid", "Pull request review thread diff hunk can't be blank"],
    });
    expect(place({ line: 1 }, null).ok).toBe(false);
  });

  test("the legacy position addresses lines, not hunk headers", () => {
    expect(place({ position: 4 })).toMatchObject({ ok: true, comment: { line: 4, side: "RIGHT" } });
    expect(place({ position: 2 })).toMatchObject({ ok: true, comment: { line: 3, side: "LEFT" } });
    expect(place({ position: 6 }).ok).toBe(false);
    expect(place({ position: 11 }).ok).toBe(false);
  });

  test("a side other than LEFT or RIGHT is refused", () => {
    expect(place({ line: 3, side: "right" }).ok).toBe(false);
  });
});

const HEAD = "b".repeat(40);
const context = (overrides: Partial<ReviewContext> = {}): ReviewContext => ({
  headShas: ["a".repeat(40), HEAD],
  pullAuthor: "alice",
  reviewer: "ai-review[bot]",
  reviewerIsActions: false,
  actionsMayApprove: false,
  patchAt: (_commit, path) => (path === "f.txt" ? PATCH : undefined),
  documentationUrl: "https://docs.github.com/rest/pulls/reviews#create-a-review-for-a-pull-request",
  ...overrides,
});

describe("checkReview", () => {
  test("a valid review is placed on the head when commit_id is left out", () => {
    const result = checkReview({ event: "COMMENT", body: "ok", comments: [{ path: "f.txt", line: 3, body: "x" }] }, context());
    expect(result).toMatchObject({ ok: true, commitId: HEAD, comments: [{ line: 3 }] });
  });

  test("an earlier head of the pull request is a valid commit_id; another commit is not", () => {
    expect(checkReview({ commit_id: "a".repeat(40), event: "COMMENT", body: "ok" }, context()).ok).toBe(true);
    expect(checkReview({ commit_id: "c".repeat(40), event: "COMMENT", body: "ok" }, context())).toMatchObject({
      ok: false,
      error: { status: 422, body: { message: "Unprocessable Entity", errors: ["The commitOID is not part of the pull request"] } },
    });
  });

  test("one comment off the diff refuses the whole review with GitHub's sentence", () => {
    const result = checkReview(
      { event: "COMMENT", body: "ok", comments: [{ path: "f.txt", line: 3, body: "fine" }, { path: "f.txt", line: 10, body: "off" }] },
      context(),
    );
    expect(result).toEqual({
      ok: false,
      error: {
        status: 422,
        body: {
          message: "Unprocessable Entity",
          errors: ["Pull request review thread line must be part of the diff and Pull request review thread diff hunk can't be blank"],
          documentation_url: "https://docs.github.com/rest/pulls/reviews#create-a-review-for-a-pull-request",
          status: "422",
        },
      },
    });
  });

  test("bodies may hold 65,536 characters, counted as GitHub counts them", () => {
    expect(BODY_LIMIT).toBe(65_536);
    expect(bodyLength("😀")).toBe(1);
    const emojis = "😀".repeat(BODY_LIMIT); // 131,072 UTF-16 units, 65,536 characters
    expect(checkReview({ event: "COMMENT", body: emojis }, context()).ok).toBe(true);
    expect(checkReview({ event: "COMMENT", body: "x".repeat(BODY_LIMIT + 1) }, context())).toMatchObject({
      ok: false,
      error: { status: 422, body: { message: "Validation Failed", errors: [{ field: "body", message: "body is too long (maximum is 65536 characters)" }] } },
    });
    expect(checkReview({ event: "COMMENT", body: "ok", comments: [{ path: "f.txt", line: 3, body: "x".repeat(BODY_LIMIT + 1) }] }, context()).ok).toBe(false);
  });

  test("the author cannot approve or request changes on their own pull request", () => {
    const own = context({ reviewer: "alice" });
    expect(checkReview({ event: "APPROVE" }, own)).toMatchObject({ ok: false, error: { body: { errors: ["Can not approve your own pull request"] } } });
    expect(checkReview({ event: "REQUEST_CHANGES", body: "no" }, own)).toMatchObject({ ok: false, error: { body: { errors: ["Can not request changes on your own pull request"] } } });
    expect(checkReview({ event: "COMMENT", body: "note" }, own).ok).toBe(true);
  });

  test("a workflow token approves only where the repository allows it", () => {
    const actions = context({ reviewer: "github-actions[bot]", reviewerIsActions: true });
    expect(checkReview({ event: "APPROVE" }, actions)).toMatchObject({
      ok: false,
      error: { status: 422, body: { errors: ["GitHub Actions is not permitted to approve pull requests."] } },
    });
    expect(checkReview({ event: "APPROVE" }, { ...actions, actionsMayApprove: true }).ok).toBe(true);
  });
});

test("toSentence joins as Rails does", () => {
  expect(toSentence(["a"])).toBe("a");
  expect(toSentence(["a", "b"])).toBe("a and b");
  expect(toSentence(["a", "b", "c"])).toBe("a, b, and c");
});
