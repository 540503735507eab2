/**
 * Regression: a diff holding the same file twice (`git log -p --format=` of two commits
 * that touch one file) was accepted, and its second part's line numbers were read against
 * the wrong revision. It is now refused with a message that says what to give instead.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRepo, type Repo } from "../support/git-repo.js";
import { runCli } from "../support/run-cli.js";

describe("regression: the same file twice in one diff", () => {
  let repo: Repo;
  let base: string;

  beforeAll(() => {
    repo = createRepo();
    const text = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join("\n") + "\n";
    repo.write("src/a.ts", text);
    base = repo.commit("base");
    repo.write("src/a.ts", text.replace("line 2\n", "line 2\nadded early\n"));
    repo.commit("one");
    repo.write("src/a.ts", text.replace("line 2\n", "line 2\nadded early\n").replace("line 18\n", "line 18 changed\n"));
    repo.commit("two");
  });
  afterAll(() => repo.cleanup());

  it("`plan --diff -` of `git log -p --format=` exits 2, naming the file and `git diff BASE HEAD`", async () => {
    const log = repo.git("log", "-p", "--format=", `${base}..HEAD`);
    const run = await runCli(["plan", "--diff", "-"], { cwd: repo.dir, env: repo.env, stdin: log });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^ai-review: src\/a\.ts appears twice in the diff/);
    expect(run.stderr).toContain("git diff BASE HEAD");
  });

  it("the one diff of the same range still plans", async () => {
    const diff = repo.git("diff", base, "HEAD");
    const run = await runCli(["plan", "--diff", "-"], { cwd: repo.dir, env: repo.env, stdin: diff });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/src\/a\.ts\s+modified\s+\+2 -1/);
  });
});
