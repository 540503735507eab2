/**
 * Regression: a finding on a file the review skipped (a lockfile, a generated file) was
 * listed outside the diff as "file not in the reviewed diff", as if the model had made the
 * file up. It now says the file was not reviewed, and why.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Review } from "../../src/core/review-result.js";
import { createRepo, type Repo } from "../support/git-repo.js";
import { reviewWithModel } from "../support/review-with-model.js";

describe("regression: a comment on a skipped file did not name the skip reason", () => {
  let repo: Repo;
  let diff: string;

  beforeAll(() => {
    repo = createRepo();
    repo.write("src/app.ts", "export const a = 1;\n");
    repo.write("package-lock.json", '{ "lockfileVersion": 3 }\n');
    const base = repo.commit("base");
    repo.write("src/app.ts", "export const a = 2;\n");
    repo.write("package-lock.json", '{ "lockfileVersion": 3, "packages": {} }\n');
    diff = repo.git("diff", base, repo.commit("head"));
  });
  afterAll(() => repo.cleanup());

  it("lists it outside the diff with the file's skip reason, in JSON and text", async () => {
    const answer = {
      summary: "s",
      comments: [
        { path: "./package-lock.json", line: 1, severity: "minor", body: "The lockfile changed." },
        { path: "src/imaginary.ts", line: 1, severity: "minor", body: "Made up." },
      ],
    };
    const run = await reviewWithModel({ diff, answers: [answer], cwd: repo.dir, env: repo.env });
    const review = JSON.parse(run.stdout) as Review;
    expect(review.skipped).toEqual([{ path: "package-lock.json", reason: "lockfile", detail: "lockfile (package-lock.json)" }]);
    expect(review.outsideDiff.map((f) => [f.path, f.reason])).toEqual([
      ["package-lock.json", "package-lock.json was not reviewed: lockfile (package-lock.json)"],
      ["src/imaginary.ts", "file not in the reviewed diff"],
    ]);

    const text = await reviewWithModel({ diff, answers: [answer], cwd: repo.dir, env: repo.env, format: "text" });
    expect(text.stdout).toContain("package-lock.json:1  [minor] The lockfile changed.\n      package-lock.json was not reviewed: lockfile (package-lock.json)");
  });
});
