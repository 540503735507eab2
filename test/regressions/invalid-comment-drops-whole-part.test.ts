/**
 * Regression: one invalid comment in a model answer (`"line": 0`) failed the answer's
 * validation, so after a useless repair request the whole part was thrown away, its five
 * valid comments with it. Now that comment alone is dropped, listed with its reason.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Review } from "../../src/core/review-result.js";
import { createRepo, type Repo } from "../support/git-repo.js";
import { reviewWithModel } from "../support/review-with-model.js";

describe("regression: one invalid comment threw away the whole part", () => {
  let repo: Repo;
  let diff: string;

  beforeAll(() => {
    repo = createRepo();
    const text = (v: number) => Array.from({ length: 8 }, (_, i) => `export const value${i} = ${i * v};`).join("\n") + "\n";
    repo.write("src/a.ts", text(1));
    const base = repo.commit("base");
    repo.write("src/a.ts", text(2));
    diff = repo.git("diff", base, repo.commit("head"));
  });
  afterAll(() => repo.cleanup());

  const BODIES = ["", "", "Overflows past 2^31.", "Breaks the cache key.", "Needs a test.", "Changes the public API.", "Misnamed now."];
  const valid = (line: number) => ({ path: "src/a.ts", line, severity: "minor", body: BODIES[line] });

  it("keeps the five valid comments and lists the invalid one with its reason, with no repair request", async () => {
    const answer = {
      summary: "Doubles the constants.",
      comments: [valid(2), valid(3), { path: "src/a.ts", line: 0, severity: "major", body: "The file as a whole." }, valid(4), valid(5), valid(6)],
    };
    const run = await reviewWithModel({ diff, answers: [answer], cwd: repo.dir, env: repo.env });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.chunkRequests).toHaveLength(1);
    const review = JSON.parse(run.stdout) as Review;
    expect(review.failedChunks).toEqual([]);
    expect([...review.comments, ...review.summaryOnly].map((c) => c.line).sort()).toEqual([2, 3, 4, 5, 6]);
    expect(review.invalidComments).toEqual([
      { path: "src/a.ts", line: 0, reason: "line must be a line number of the file (1 or more), not 0", part: 1 },
    ]);
    expect(review.summary).toMatch(/### Dropped \(1\)[\s\S]*part 1 `src\/a\.ts:0`: line must be a line number/);
  });

  it("an answer with no usable comment at all is not 'no findings': after a repair it fails the part, loudly", async () => {
    const answer = { summary: "s", comments: [{ path: "src/a.ts", line: 0, severity: "major", body: "b" }] };
    const run = await reviewWithModel({ diff, answers: [answer], cwd: repo.dir, env: repo.env });
    expect(run.chunkRequests).toHaveLength(2);
    expect(run.chunkRequests[1]!.body.messages.at(-1)!.content).toMatch(/comments\[0\]\.line/);
    expect(run.code).toBe(3);
    const review = JSON.parse(run.stdout) as Review;
    expect(review.failedChunks).toHaveLength(1);
    expect(review.summary).not.toMatch(/^No findings\.$/m);
    expect(review.summary).toContain("No findings in the parts that could be reviewed.");
  });

  it("the repaired answer is used when the repair fixes it", async () => {
    const run = await reviewWithModel({
      diff,
      answers: [{ summary: "s", comments: [{ file: "src/a.ts", line: 2, severity: "minor", body: "b" }] }, { summary: "s", comments: [valid(2)] }],
      cwd: repo.dir,
      env: repo.env,
    });
    expect(run.code).toBe(0);
    const review = JSON.parse(run.stdout) as Review;
    expect([...review.comments, ...review.summaryOnly].map((c) => c.line)).toEqual([2]);
    expect(review.invalidComments).toEqual([]);
  });
});
