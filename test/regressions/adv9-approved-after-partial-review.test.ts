/**
 * Regression: a review that left code unseen (a part failed, or the budget kept files from
 * the model) withheld its approval, but its state said "reviewed up to this head" all the
 * same. The next push was reviewed incrementally, only its own commits: the files never
 * seen were not in that diff, nothing was found in the new commits, and the pull request
 * was approved with code the model never saw. Now such a review's state is marked
 * `partial`, and the next run reviews the whole change.
 */
import { afterEach, expect, test } from "vitest";
import { patchesToDiff } from "../../src/core/patches-to-diff.js";
import { readSummaryMarker, summaryMarker } from "../../src/core/review-marker.js";
import { reviewPullRequest } from "../../src/entries/serve/review-pull-request.js";
import { runReviewFlow } from "../../src/review-flow.js";
import { FakeChangeSource, RecordingPublisher } from "../support/fake-forge.js";
import { unspacedThrottleGroups } from "../support/github-server/test-octokit.js";
import { reply, startModelServer, type ModelServer, type RecordedRequest } from "../support/model-server.js";
import { type Harness, pullRequestPayload, startHarness } from "../serve/serve-harness.js";

let h: Harness | undefined;
let model: ModelServer | undefined;
afterEach(async () => {
  await h?.close();
  await model?.close();
  h = model = undefined;
});

const prompt = (r: RecordedRequest) => r.body.messages.map((m) => m.content).join("\n");
const isSummaryPass = (r: RecordedRequest) => prompt(r).includes("Write the overall summary");

test("GitHub App: after a part failed, the next push is reviewed whole, and approved only once the model saw everything", async () => {
  let down = true;
  model = await startModelServer((request) => {
    if (isSummaryPass(request)) return reply.json({ summary: "Overall." });
    if (down) return reply.status(500, { body: { error: { message: "overloaded" } } });
    return reply.json({ summary: "Checked.", comments: [] });
  });
  const env = { OPENAI_BASE_URL: model.baseURL, AI_REVIEW_MODEL: "m" };
  const started: Harness = await startHarness({
    env,
    baseFiles: { ".ai-review.yml": "approve: true\nmax_retries: 0\n" },
    work: (job, octokit, log, app) =>
      reviewPullRequest({
        env: { ...env, GITHUB_API_URL: started.github.url, OPENAI_API_KEY: "sk-test" },
        throttle: { ...unspacedThrottleGroups(), retryAfterBaseValue: 1 },
        retry: { retryAfterBaseValue: 1 },
        sleep: async () => {},
      })(job, octokit, log, app),
  });
  h = started;

  // First review: app.txt's part fails, so nothing is approved, and the state says so.
  await h.send("pull_request", pullRequestPayload(h.pull, "opened"));
  await h.server.queue.drain();
  expect(h.pull.reviews.map((r) => r.state)).not.toContain("APPROVED");
  expect(readSummaryMarker(h.pull.issueComments[0]!.body)).toMatchObject({ head: h.head, partial: true });

  // A push that touches only extra.txt: app.txt must be reviewed too before any approval.
  down = false;
  const asked = model.requests.length;
  h.git.write("extra.txt", "x\n");
  const next = h.git.commit("extra");
  h.pull.push(next);
  await h.send("pull_request", pullRequestPayload(h.pull, "synchronize", next));
  await h.server.queue.drain();

  const secondRun = model.requests.slice(asked).filter((r) => !isSummaryPass(r)).map(prompt).join("\n");
  expect(secondRun).toContain("### app.txt");
  expect(secondRun).toContain("### extra.txt");
  expect(h.pull.reviews.at(-1)!.state).toBe("APPROVED");
  const state = readSummaryMarker(h.pull.issueComments[0]!.body)!;
  expect(state.head).toBe(next);
  expect(state.partial).toBeUndefined();
});

test("after the budget kept a file from the model, a push elsewhere does not approve it unseen", async () => {
  const file = (path: string, lines: number, v: number) =>
    patchesToDiff([{ path, oldPath: path, status: "added", patch: `@@ -0,0 +1,${lines} @@\n${Array.from({ length: lines }, (_, i) => `+export const k${i} = f(${i * v});`).join("\n")}\n` }]);
  const bigFile = file("src/big.ts", 40, 1);
  model = await startModelServer((request) => (isSummaryPass(request) ? reply.json({ summary: "Overall." }) : reply.json({ summary: "Fine.", comments: [] })));
  // small.ts is singled out by path instructions, so it goes first; big.ts does not fit the budget.
  const config = "approve: true\nrequest_token_budget: 300\nmax_output_tokens: 256\npath_instructions:\n  - path: src/small.ts\n    instructions: Check it.\nbudget: { tokens: 1500 }\n";
  const publisher = new RecordingPublisher();
  const run = (headSha: string, small: string, diffSince?: (since: string) => string | null) =>
    runReviewFlow({
      source: new FakeChangeSource({ baseFiles: { ".ai-review.yml": config }, change: { diffText: bigFile + small, headSha }, ...(diffSince ? { diffSince } : {}) }),
      publisher,
      env: { OPENAI_BASE_URL: model!.baseURL, OPENAI_API_KEY: "sk-loopback", AI_REVIEW_MODEL: "m" },
      sleep: async () => {},
    });

  const first = await run("a".repeat(40), file("src/small.ts", 1, 1));
  expect(first.review.skipped.map((s) => [s.path, s.reason])).toEqual([["src/big.ts", "over-budget"]]);
  expect(first.state.partial).toBe(true);

  const smallFixed = file("src/small.ts", 1, 2);
  const second = await run("b".repeat(40), smallFixed, (since) => (since === "a".repeat(40) ? smallFixed : null));
  expect(second.change.incremental).toBeNull();
  expect(second.review.verdict).toBe("comment");
  expect(second.review.skipped.map((s) => [s.path, s.reason])).toEqual([["src/big.ts", "over-budget"]]);
});

test("the marker keeps `partial` only when set, so a complete review's marker reads as before", () => {
  const complete = { head: "a".repeat(40), base: null, fingerprints: ["0123456789abcdef"] };
  expect(readSummaryMarker(summaryMarker(complete))).toEqual(complete);
  expect(Buffer.from(summaryMarker(complete).split(" ")[2]!, "base64url").toString()).not.toContain("partial");
  expect(readSummaryMarker(summaryMarker({ ...complete, partial: true }))).toEqual({ ...complete, partial: true });
});
