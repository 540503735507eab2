/**
 * Regression: in a shallow clone (a CI checkout with `fetch-depth: 1`) the branch and its
 * base share no commit in the fetched history; the merge base was silently replaced by the
 * base's tip, and a diff that also reverts everything the base gained was reviewed without
 * a word. Now the CLI stops with exit 2 and says how to fetch the history.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRepo, type Repo } from "../support/git-repo.js";
import { runCli } from "../support/run-cli.js";

describe("regression: a shallow clone with no merge base", () => {
  let origin: Repo;
  let parent: string;
  let clone: string;

  beforeAll(() => {
    origin = createRepo();
    origin.write("app.ts", "export const a = 1;\n");
    origin.commit("base");
    origin.git("checkout", "-q", "-b", "feature");
    origin.write("app.ts", "export const a = 2;\n");
    origin.commit("feature");
    origin.git("checkout", "-q", "main");
    origin.write("main-only.ts", "export const gained = true;\n");
    origin.commit("main gains a file");
    parent = realpathSync(mkdtempSync(join(tmpdir(), "ai-review-shallow-")));
    clone = join(parent, "clone");
    // file:// so that --depth applies to a local clone.
    execFileSync("git", ["clone", "-q", "--depth", "1", "--no-single-branch", `file://${origin.dir}`, clone], { env: origin.env, stdio: "ignore" });
    execFileSync("git", ["checkout", "-q", "feature"], { cwd: clone, env: origin.env, stdio: "ignore" });
  });
  afterAll(() => {
    origin.cleanup();
    rmSync(parent, { recursive: true, force: true });
  });

  it("`ai-review plan` exits 2 with how to fetch more history, instead of planning a different change", async () => {
    const run = await runCli(["plan"], { cwd: clone, env: origin.env });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^ai-review: cannot find where HEAD forked from origin\/main: this clone is shallow/);
    expect(run.stderr).toContain("git fetch --unshallow");
    expect(run.stderr).toContain("fetch-depth: 0");
    expect(run.stderr).toContain("GIT_DEPTH: 0");
  });

  it("after `git fetch --unshallow` it plans the branch's own change only", async () => {
    execFileSync("git", ["fetch", "-q", "--unshallow"], { cwd: clone, env: origin.env, stdio: "ignore" });
    const run = await runCli(["plan", "--format", "json"], { cwd: clone, env: origin.env });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('"app.ts"');
    expect(run.stdout).not.toContain("main-only.ts");
  });
});
