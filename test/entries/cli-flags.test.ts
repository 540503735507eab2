import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRepo, type Repo } from "../support/git-repo.js";
import { runCli } from "../support/run-cli.js";

describe("ai-review flags", () => {
  let repo: Repo;

  beforeAll(() => {
    repo = createRepo();
    repo.write("a.ts", "export const a = 1;\n");
    repo.commit("base");
    repo.git("checkout", "-q", "-b", "feature");
  });
  afterAll(() => repo.cleanup());

  it("prints the package's version with --version and -v", async () => {
    const { version } = JSON.parse(readFileSync(path.resolve(import.meta.dirname, "../../package.json"), "utf8")) as { version: string };
    for (const flag of ["--version", "-v"]) {
      const run = await runCli([flag], { cwd: repo.dir, env: repo.env });
      expect(run).toEqual({ code: 0, stdout: `${version}\n`, stderr: "" });
    }
  });

  it("refuses a flag given twice, naming it, instead of silently keeping the last", async () => {
    for (const args of [
      ["plan", "--base", "main", "--base", "feature"],
      ["plan", "--base=main", "--base", "feature"],
      ["review", "--model", "a", "--model", "b"],
    ]) {
      const run = await runCli(args, { cwd: repo.dir, env: repo.env });
      expect(run.code).toBe(2);
      expect(run.stdout).toBe("");
      expect(run.stderr).toBe(`ai-review: --${args[1]!.replace(/^--|=.*$/g, "")} is given more than once; give it once\n`);
    }
  });

  describe("an empty diff gets a hint that fits where it came from", () => {
    it("git: HEAD is the base, so the work is not committed", async () => {
      const run = await runCli(["plan"], { cwd: repo.dir, env: repo.env });
      expect(run.code).toBe(0);
      const base = repo.git("rev-parse", "main").trim().slice(0, 12);
      expect(run.stdout).toContain(`Nothing to review: HEAD is the same as main (${base}); commit your work, or pass --base REV.`);
    });

    it("git: the head has commits but the same files as the base", async () => {
      repo.write("a.ts", "export const a = 2;\n");
      repo.commit("change");
      repo.write("a.ts", "export const a = 1;\n");
      repo.commit("revert");
      try {
        const run = await runCli(["plan"], { cwd: repo.dir, env: repo.env });
        expect(run.stdout).toMatch(/Nothing to review: HEAD has the same files as main \([0-9a-f]{12}\); pass --base REV/);
      } finally {
        repo.git("reset", "-q", "--hard", "main");
      }
    });

    it("a diff file that holds no diff", async () => {
      writeFileSync(path.join(repo.dir, "empty.diff"), "\n");
      const run = await runCli(["plan", "--diff", "empty.diff"], { cwd: repo.dir, env: repo.env });
      expect(run.code).toBe(0);
      expect(run.stdout).toContain("Nothing to review: the file empty.diff holds no diff; write the output of `git diff` into it.");
    });

    it("stdin: nothing arrived; review says it on standard error and still prints its review", async () => {
      const plan = await runCli(["plan", "--diff", "-"], { cwd: repo.dir, env: repo.env, stdin: "" });
      expect(plan.stdout).toContain("Nothing to review: nothing arrived on standard input; pipe a diff into it");
      const review = await runCli(["review", "--diff", "-", "--format", "json"], { cwd: repo.dir, env: repo.env, stdin: "" });
      expect(review.code).toBe(0);
      expect(review.stderr).toMatch(/^ai-review: nothing to review: nothing arrived on standard input; .*--diff -`\n$/);
      expect(JSON.parse(review.stdout)).toMatchObject({ comments: [], usage: { calls: 0 } });
    });
  });
});
