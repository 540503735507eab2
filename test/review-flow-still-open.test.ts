/**
 * A re-review keeps, in the summary it edits, the earlier findings that still apply: those
 * on files the re-review did not look at again, and those it found again. The fake forge
 * remembers what was posted as a forge does; the model is the loopback server behind the
 * real openai SDK.
 */
import { afterEach, describe, expect, it } from "vitest";
import { patchesToDiff } from "../src/core/patches-to-diff.js";
import { runReviewFlow, type ReviewFlowInput } from "../src/review-flow.js";
import { FakeChangeSource, RecordingPublisher, type FakeChangeSourceOptions } from "./support/fake-forge.js";
import { reply, startModelServer, type ModelServer, type RecordedRequest } from "./support/model-server.js";

const A = patchesToDiff([
  { path: "src/a.ts", oldPath: "src/a.ts", status: "added", patch: "@@ -0,0 +1,2 @@\n+export const rows = db.query(input);\n+export const n = rows.length;\n" },
]);
const B_FIRST = patchesToDiff([
  { path: "src/b.ts", oldPath: "src/b.ts", status: "added", patch: "@@ -0,0 +1,2 @@\n+export function last(xs: number[]) {\n+  return xs[xs.length];\n" },
]);
/** The push: b.ts fixed, a.ts untouched. */
const B_FIXED = patchesToDiff([
  { path: "src/b.ts", oldPath: "src/b.ts", status: "added", patch: "@@ -0,0 +1,2 @@\n+export function last(xs: number[]) {\n+  return xs[xs.length - 1];\n" },
]);

const INJECTION = { path: "src/a.ts", line: 1, severity: "major", title: "SQL built from input", body: "Pass `input` as a parameter." };
const OFF_BY_ONE = { path: "src/b.ts", line: 2, severity: "major", title: "Reads past the end", body: "Use `xs.length - 1`." };

const sent = (r: RecordedRequest) => r.body.messages.map((m) => m.content).join("\n");
const isSummaryPass = (r: RecordedRequest) => sent(r).includes("Write the overall summary");

/** A model that reports each finding while the code it is about is there. */
function reviewer(request: RecordedRequest) {
  if (isSummaryPass(request)) return reply.json({ summary: "Overall." });
  const text = sent(request);
  const comments = [
    ...(text.includes("db.query(input)") ? [INJECTION] : []),
    ...(text.includes("xs[xs.length];") ? [OFF_BY_ONE] : []),
  ];
  return reply.json({ summary: "Reviewed.", comments });
}

let server: ModelServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function flow(options: FakeChangeSourceOptions, publisher: RecordingPublisher, extra: Partial<ReviewFlowInput> = {}) {
  server ??= await startModelServer(reviewer);
  return await runReviewFlow({
    source: new FakeChangeSource({ baseFiles: { ".ai-review.yml": "fail_on: major\n" }, ...options }),
    publisher,
    env: { OPENAI_BASE_URL: server.baseURL, OPENAI_API_KEY: "sk-loopback", AI_REVIEW_MODEL: "m" },
    sleep: async () => {},
    ...extra,
  });
}

/** The first review of the pull request: both findings posted inline. */
async function firstReview(publisher: RecordingPublisher) {
  const { review, state } = await flow({ change: { diffText: A + B_FIRST, headSha: "a".repeat(40) } }, publisher);
  expect(review.comments.map((c) => c.path)).toEqual(["src/a.ts", "src/b.ts"]);
  expect(review.verdict).toBe("request_changes");
  return { first: review, state };
}

describe("runReviewFlow on a re-review", () => {
  it("after a push that fixes b.ts, lists a.ts's finding as still open and not b's, and posts nothing twice", async () => {
    const publisher = new RecordingPublisher();
    const { first, state: firstState } = await firstReview(publisher);
    const [onA, onB] = first.comments;

    const asked = server!.requests.length;
    const changedSince = (since: string) => (since === firstState.head ? B_FIXED : null);
    const { review, state } = await flow({ change: { diffText: A + B_FIXED, headSha: "b".repeat(40) }, diffSince: changedSince }, publisher);

    // Only b.ts went to the model, which no longer reports anything there.
    const secondRun = server!.requests.slice(asked).filter((r) => !isSummaryPass(r)).map(sent).join("\n");
    expect(secondRun).toContain("src/b.ts");
    expect(secondRun).not.toContain("src/a.ts");
    expect(review.comments).toEqual([]);
    expect(review.summaryOnly).toEqual([]);
    expect(review.stillOpen).toEqual([
      { fingerprint: onA!.fingerprint, path: "src/a.ts", line: 1, severity: "major", title: "SQL built from input" },
    ]);
    expect(review.summary).toContain("Reviewed the changes since aaaaaaa (1 file).");
    expect(review.summary).toContain("No new findings.");
    expect(review.summary).toContain("### Still open from earlier reviews (1)\n\n- **major** `src/a.ts:1` SQL built from input\n");
    expect(review.summary).not.toContain("Reads past the end");
    // a.ts's finding is still there: the verdict does not turn because b.ts was fixed.
    expect(review.verdict).toBe("request_changes");
    // The state still remembers both, so neither is ever posted again.
    expect(state.fingerprints).toEqual([onA!.fingerprint, onB!.fingerprint]);
    expect(publisher.posts.flatMap((p) => p.review.comments.map((c) => c.fingerprint))).toEqual([onA!.fingerprint, onB!.fingerprint]);
  });

  it("on a full re-review where the model repeats a.ts's finding, lists it as still open without posting it again", async () => {
    const publisher = new RecordingPublisher();
    const { first } = await firstReview(publisher);
    const [onA] = first.comments;

    const { review } = await flow({ change: { diffText: A + B_FIXED, headSha: "b".repeat(40) }, diffSince: () => B_FIXED }, publisher, { mode: "full" });

    expect(review.summary).not.toContain("Reviewed the changes since");
    expect(review.comments).toEqual([]);
    expect(review.duplicates.alreadyPosted).toBe(1);
    expect(review.alreadyPostedFingerprints).toEqual([onA!.fingerprint]);
    expect(review.stillOpen.map((f) => [f.path, f.line, f.title])).toEqual([["src/a.ts", 1, "SQL built from input"]]);
    expect(review.summary).toContain("- **major** `src/a.ts:1` SQL built from input");
    expect(review.summary).not.toContain("src/b.ts:2");
    expect(review.verdict).toBe("request_changes");
    expect(publisher.posts.flatMap((p) => p.review.comments.map((c) => c.path))).toEqual(["src/a.ts", "src/b.ts"]);
  });

  it("lists nothing as still open once every earlier finding is fixed, and the verdict follows", async () => {
    const publisher = new RecordingPublisher();
    await firstReview(publisher);
    const fixedA = patchesToDiff([
      { path: "src/a.ts", oldPath: "src/a.ts", status: "added", patch: "@@ -0,0 +1,2 @@\n+export const rows = db.query(sql, [input]);\n+export const n = rows.length;\n" },
    ]);
    const { review } = await flow({ change: { diffText: fixedA + B_FIXED, headSha: "c".repeat(40) }, diffSince: () => fixedA + B_FIXED }, publisher);
    expect(review.stillOpen).toEqual([]);
    expect(review.summary).not.toContain("Still open");
    expect(review.verdict).toBe("comment");
  });

  it("keeps a finding on a file whose part of the review failed: nothing proves it fixed", async () => {
    const publisher = new RecordingPublisher();
    const { first } = await firstReview(publisher);
    await server!.close();
    server = await startModelServer((request) => (isSummaryPass(request) ? reply.json({ summary: "x" }) : reply.content("not json at all")));

    const { review } = await flow({ change: { diffText: A + B_FIXED, headSha: "b".repeat(40) }, diffSince: () => A + B_FIXED }, publisher);
    expect(review.failedChunks.length).toBeGreaterThan(0);
    expect(review.stillOpen.map((f) => f.fingerprint).sort()).toEqual(first.comments.map((c) => c.fingerprint).sort());
  });
});
