/**
 * Regression: in a shallow clone (a CI checkout with `fetch-depth: 1`) the branch and its
 * base share no commit in the fetched history; the merge base was silently replaced by the
 * base's tip, and a diff that also reverts everything the base gained was reviewed without
 * a word. Now the CLI stops with exit 2 and says how to fetch the history.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cloneRepo, forkedRepo, type Clone } from "../support/clone-repo.js";
import type { Repo } from "../support/git-repo.js";
import { runCli } from "../support/run-cli.js";

describe("regression: a shallow clone with no merge base", () => {
  let origin: Repo;
  let clone: Clone;

  beforeAll(() => {
    origin = forkedRepo().repo;
    clone = cloneRepo(origin, ["--depth", "1", "--no-single-branch"], "feature");
  });
  afterAll(() => {
    origin.cleanup();
    clone.cleanup();
  });

  it("`ai-review plan` exits 2 with how to fetch more history, instead of planning a different change", async () => {
    const run = await runCli(["plan"], { cwd: clone.dir, env: origin.env });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^ai-review: cannot find where HEAD forked from origin\/main: this clone is shallow/);
    expect(run.stderr).toContain("git fetch --unshallow");
    expect(run.stderr).toContain("fetch-depth: 0");
    expect(run.stderr).toContain("GIT_DEPTH: 0");
  });

  it("after `git fetch --unshallow` it plans the branch's own change only", async () => {
    clone.git("fetch", "-q", "--unshallow");
    const run = await runCli(["plan", "--format", "json"], { cwd: clone.dir, env: origin.env });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('"app.ts"');
    expect(run.stdout).not.toContain("main-only.ts");
  });
});
