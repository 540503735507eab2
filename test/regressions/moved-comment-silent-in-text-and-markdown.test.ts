/**
 * Regression: a comment the model put a few lines off the diff is moved onto the nearest
 * changed line; only the JSON said so (`movedFrom`), so in the text and markdown outputs
 * it read as if the model had pointed at that line.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Review } from "../../src/core/review-result.js";
import { createRepo, type Repo } from "../support/git-repo.js";
import { reviewWithModel } from "../support/review-with-model.js";

describe("regression: a moved comment did not say so in text and markdown", () => {
  let repo: Repo;
  let diff: string;
  // Line 10 changes, so the hunk shows lines 7-13; line 15 is two lines below it.
  const answer = { summary: "One change.", comments: [{ path: "src/a.ts", line: 15, severity: "major", title: "Stale", body: "This no longer holds." }] };

  beforeAll(() => {
    repo = createRepo();
    const lines = Array.from({ length: 20 }, (_, i) => `export const value${i + 1} = ${i + 1};`);
    repo.write("src/a.ts", lines.join("\n") + "\n");
    const base = repo.commit("base");
    lines[9] = "export const value10 = 100;";
    repo.write("src/a.ts", lines.join("\n") + "\n");
    diff = repo.git("diff", base, repo.commit("head"));
  });
  afterAll(() => repo.cleanup());

  it("the JSON keeps movedFrom", async () => {
    const run = await reviewWithModel({ diff, answers: [answer], cwd: repo.dir, env: repo.env });
    const review = JSON.parse(run.stdout) as Review;
    expect(review.comments).toMatchObject([{ path: "src/a.ts", line: 10, movedFrom: { line: 15 } }]);
  });

  it("the text output says where the model put it", async () => {
    const run = await reviewWithModel({ diff, answers: [answer], cwd: repo.dir, env: repo.env, format: "text" });
    expect(run.stderr).toBe("");
    expect(run.stdout).toContain("src/a.ts:10  [major] Stale\n    (moved from line 15, which is not in the diff)\n    This no longer holds.");
  });

  it("the markdown output says where the model put it", async () => {
    const run = await reviewWithModel({ diff, answers: [answer], cwd: repo.dir, env: repo.env, format: "markdown" });
    expect(run.stderr).toBe("");
    expect(run.stdout).toContain("#### `src/a.ts:10` (major) Stale\n\n_Moved from line 15, which is not in the diff._\n\nThis no longer holds.");
  });
});
