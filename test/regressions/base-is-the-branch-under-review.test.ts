/**
 * Regression: in a clone whose origin/HEAD names the branch under review (`git clone
 * --branch feature` can leave it so), the default base was origin/feature: the branch was
 * compared with its own remote copy, and `ai-review review` said "nothing to review" and
 * exited 0, in CI a silent pass. Now it refuses (exit 2) and says which --base to pass.
 * On the remote's default branch itself, "nothing to review" stays the answer.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cloneRepo, forkedRepo, type Clone } from "../support/clone-repo.js";
import type { Repo } from "../support/git-repo.js";
import { runCli } from "../support/run-cli.js";

describe("regression: the branch under review compared with itself", () => {
  let origin: Repo;
  let clone: Clone;
  beforeEach(() => {
    ({ repo: origin } = forkedRepo());
    clone = cloneRepo(origin, [], "feature");
  });
  afterEach(() => {
    clone.cleanup();
    origin.cleanup();
  });

  it("refuses origin/HEAD naming the branch under review, and names the base to pass", async () => {
    clone.git("remote", "set-head", "origin", "feature");
    const run = await runCli(["review", "--format", "json"], { cwd: clone.dir, env: origin.env });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("the default base origin/feature (where origin/HEAD points) is the remote copy of feature");
    expect(run.stderr).toContain("--base origin/main");
    expect(run.stderr).toContain("git remote set-head origin --auto");

    // The advice works.
    const plan = await runCli(["plan", "--base", "origin/main", "--format", "json"], { cwd: clone.dir, env: origin.env });
    expect(plan.code).toBe(0);
    expect((JSON.parse(plan.stdout) as { files: Array<{ path: string }> }).files.map((f) => f.path)).toEqual(["app.ts"]);
    // So does the other one.
    clone.git("remote", "set-head", "origin", "--auto");
    const fixed = await runCli(["plan", "--format", "json"], { cwd: clone.dir, env: origin.env });
    expect(fixed.code).toBe(0);
  });

  it("still says 'nothing to review' (exit 0) on the remote's default branch itself", async () => {
    clone.git("checkout", "-q", "main");
    const run = await runCli(["plan"], { cwd: clone.dir, env: origin.env });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Nothing to review: HEAD is the same as origin\/main/);
  });
});
