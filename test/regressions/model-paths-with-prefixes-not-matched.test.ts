/**
 * Regression: a model that wrote a path the way a diff header or a shell does
 * (`./src/a.ts`, `b/src/a.ts`, `a/src/a.ts`) got its comment listed as "file not in the
 * reviewed diff". Such paths now name the diff's file, and an exact path still wins.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Review } from "../../src/core/review-result.js";
import { createRepo, type Repo } from "../support/git-repo.js";
import { reviewWithModel } from "../support/review-with-model.js";

describe("regression: model paths with ./, a/ or b/ were not matched", () => {
  let repo: Repo;
  let diff: string;

  beforeAll(() => {
    repo = createRepo();
    const text = (v: number) => Array.from({ length: 6 }, (_, i) => `export const value${i} = ${i * v};`).join("\n") + "\n";
    repo.write("src/a.ts", text(1));
    repo.write("b/src/a.ts", text(3));
    const base = repo.commit("base");
    repo.write("src/a.ts", text(2));
    repo.write("b/src/a.ts", text(4));
    diff = repo.git("diff", base, repo.commit("head"));
  });
  afterAll(() => repo.cleanup());

  it("places each comment on the diff's own file", async () => {
    const answer = {
      summary: "Changes constants.",
      comments: [
        { path: "./src/a.ts", line: 2, severity: "minor", body: "Dot-slash path." },
        { path: "a/src/a.ts", line: 3, side: "LEFT", severity: "minor", body: "Old-side prefix." },
        // The repository really has a b/ folder: this is that file, not src/a.ts.
        { path: "b/src/a.ts", line: 4, severity: "minor", body: "A real top-level b/ folder." },
        { path: "b/b/src/a.ts", line: 5, severity: "minor", body: "The b/ folder's file with git's prefix." },
      ],
    };
    const run = await reviewWithModel({ diff, answers: [answer], cwd: repo.dir, env: repo.env });
    expect(run.stderr).toBe("");
    const review = JSON.parse(run.stdout) as Review;
    expect(review.outsideDiff).toEqual([]);
    const places = [...review.comments, ...review.summaryOnly].map((c) => `${c.path}:${c.side}:${c.line}:${c.body}`).sort();
    expect(places).toEqual([
      "b/src/a.ts:RIGHT:4:A real top-level b/ folder.",
      "b/src/a.ts:RIGHT:5:The b/ folder's file with git's prefix.",
      "src/a.ts:LEFT:3:Old-side prefix.",
      "src/a.ts:RIGHT:2:Dot-slash path.",
    ]);
  });
});
