import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PRICES_TAKEN } from "../../src/core/default-prices.js";
import type { PlanReport } from "../../src/core/render-plan.js";
import { createRepo, type Repo } from "../support/git-repo.js";
import { runCli } from "../support/run-cli.js";

// A fake key of the right shape, built at run time so no scanner flags this file.
const FAKE_GITHUB_TOKEN = ["ghp", "_", "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"].join("");

describe("ai-review plan on a git repository", () => {
  let repo: Repo;
  let env: NodeJS.ProcessEnv;

  beforeAll(() => {
    repo = createRepo();
    env = repo.env;
    repo.write("src/app.ts", "export function add(a: number, b: number) {\n  return a + b;\n}\n");
    repo.write("package-lock.json", '{ "lockfileVersion": 3 }\n');
    repo.commit("base");
    repo.git("checkout", "-q", "-b", "feature");
    repo.write("src/app.ts", "export function add(a: number, b: number) {\n  return a - b;\n}\n");
    repo.write("src/config.ts", `export const token = "${FAKE_GITHUB_TOKEN}";\n`);
    repo.write("package-lock.json", '{ "lockfileVersion": 3, "packages": {} }\n');
    repo.commit("Fix add");
  });
  afterAll(() => repo.cleanup());

  it("diffs the branch against main and lists reviewed files, skipped files, chunks and redactions", async () => {
    const run = await runCli(["plan"], { cwd: repo.dir, env });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/3 file\(s\) in the diff, 2 to review in 1 request\(s\), 1 skipped/);
    expect(run.stdout).toMatch(/src\/app\.ts\s+modified\s+\+1 -1\s+chunk 1/);
    expect(run.stdout).toMatch(/package-lock\.json\s+lockfile/);
    expect(run.stdout).toMatch(/Redactions: 1/);
    expect(run.stdout).not.toContain(FAKE_GITHUB_TOKEN);
  });

  it("prints the documented JSON", async () => {
    const run = await runCli(["plan", "--format", "json"], { cwd: repo.dir, env });
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as PlanReport;
    expect(report.base).toBe(repo.git("rev-parse", "main").trim());
    expect(report.head).toBe(repo.git("rev-parse", "HEAD").trim());
    expect(report.files.map((f) => f.path).sort()).toEqual(["src/app.ts", "src/config.ts"]);
    expect(report.skipped).toEqual([{ path: "package-lock.json", reason: "lockfile", detail: expect.stringMatching(/lockfile/) }]);
    expect(report.chunks).toHaveLength(1);
    expect(report.chunks[0]!.tokens).toBeGreaterThan(10);
    expect(report.tokens.diff).toBe(report.chunks[0]!.tokens);
    expect(report.redactions.total).toBe(1);
    expect(report.secrets).toEqual([expect.objectContaining({ path: "src/config.ts", line: 1, severity: "critical" })]);
    expect(run.stdout).not.toContain(FAKE_GITHUB_TOKEN);
    // The default model, at its built-in price: a two-line change gets one pass, no summary pass.
    const prompt = report.tokens.diff + report.tokens.prompt;
    expect(report.models).toEqual({ review: ["gpt-4o-mini"], summary: ["gpt-4o-mini"] });
    expect(report.estimatedCost).toMatchObject({
      model: "gpt-4o-mini",
      price: { input: 0.15, output: 0.6 },
      priceSource: "default",
      pricesTaken: PRICES_TAKEN,
      promptTokens: prompt,
      maxCompletionTokens: 4096,
      summaryPass: null,
      method: expect.stringMatching(/input tokens are counted .* output is at most the output cap \(max_output_tokens\) per request/),
    });
    expect(report.estimatedCost!.maxTotalUsd).toBeCloseTo((prompt * 0.15 + 4096 * 0.6) / 1e6, 12);
  });

  it("shows the estimate with the default prices in text, and how it was made", async () => {
    const run = await runCli(["plan"], { cwd: repo.dir, env });
    const json = JSON.parse((await runCli(["plan", "--format", "json"], { cwd: repo.dir, env })).stdout) as PlanReport;
    const total = `$${json.estimatedCost!.maxTotalUsd.toFixed(4)}`;
    expect(run.stdout).toContain("Models: gpt-4o-mini; summary pass: gpt-4o-mini");
    expect(run.stdout).toContain(`Estimated cost: at most ${total}: `);
    expect(run.stdout).toContain(`(gpt-4o-mini: $0.15 in / $0.6 out per million tokens, built-in price of ${PRICES_TAKEN})`);
    expect(run.stdout).toMatch(/How: input tokens are counted from the requests this plan would send; output is at most the output cap/);
  });

  it("estimates with the config's price, and counts the summary pass on the summary model", async () => {
    writeFileSync(
      path.join(repo.dir, "priced.yml"),
      "model: strong\nsummary_model: light\nsmall_change_lines: 0\nmax_output_tokens: 1000\nprices:\n  strong: { input: 1, output: 4 }\n  light: free\n",
    );
    const run = await runCli(["plan", "--format", "json", "--config", "priced.yml"], { cwd: repo.dir, env });
    const report = JSON.parse(run.stdout) as PlanReport;
    const parts = report.tokens.diff + report.tokens.prompt; // one request
    expect(report.tokens.prompt).toBeGreaterThan(500); // the real prompts, counted
    const summary = report.estimatedCost!.summaryPass!;
    expect(summary).toMatchObject({ model: "light", maxCompletionTokens: 1000, maxUsd: 0 });
    expect(summary.promptTokens).toBeGreaterThan(100);
    expect(report.estimatedCost).toMatchObject({
      model: "strong",
      priceSource: "config",
      pricesTaken: null,
      promptTokens: parts + summary.promptTokens,
      maxCompletionTokens: 2000,
    });
    // The summary model is free: only the parts cost.
    expect(report.estimatedCost!.promptUsd).toBeCloseTo(parts / 1e6, 12);
    expect(report.estimatedCost!.maxTotalUsd).toBeCloseTo(parts / 1e6 + 4000 / 1e6, 12);
  });

  it("says the cost is unknown, and what to add, for a model with no price", async () => {
    writeFileSync(path.join(repo.dir, "local.yml"), "model: qwen2.5-coder:14b\n");
    const run = await runCli(["plan", "--config", "local.yml"], { cwd: repo.dir, env });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Estimated cost: unknown: no price for qwen2.5-coder:14b in the config\'s prices or the built-in list');
    const json = JSON.parse((await runCli(["plan", "--format", "json", "--config", "local.yml"], { cwd: repo.dir, env })).stdout) as PlanReport;
    expect(json.estimatedCost).toBeNull();
  });

  it("takes --base, --head and --repo", async () => {
    const other = mkdtempSync(path.join(os.tmpdir(), "ai-review-cwd-"));
    const run = await runCli(["plan", "--repo", repo.dir, "--base", "HEAD", "--head", "HEAD", "--format", "json"], { cwd: other, env });
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as PlanReport).totalFiles).toBe(0);
    rmSync(other, { recursive: true });
  });

  it("reads a diff from a file or from stdin", async () => {
    const diff = repo.git("diff", "main", "feature");
    writeFileSync(path.join(repo.dir, "change.diff"), diff);
    const fromFile = JSON.parse((await runCli(["plan", "--diff", "change.diff", "--format", "json"], { cwd: repo.dir, env })).stdout) as PlanReport;
    const fromStdin = JSON.parse((await runCli(["plan", "--diff", "-", "--format", "json"], { cwd: repo.dir, env, stdin: diff })).stdout) as PlanReport;
    expect(fromFile.files.map((f) => f.path)).toEqual(["src/app.ts", "src/config.ts"]);
    expect({ ...fromStdin, source: "" }).toEqual({ ...fromFile, source: "" });
  });

  it("fails with exit code 2 and a clear message on bad input", async () => {
    const notRepo = mkdtempSync(path.join(os.tmpdir(), "ai-review-norepo-"));
    const cases: Array<[string[], string, RegExp]> = [
      [["plan"], notRepo, /is not a git repository; run inside one, pass --repo DIR, or give a diff with --diff FILE/],
      [["plan", "--base", "no-such-branch"], repo.dir, /unknown revision 'no-such-branch' for --base/],
      [["plan", "--head", "deadbeef"], repo.dir, /unknown revision 'deadbeef' for --head/],
      [["plan", "--diff", "missing.diff"], repo.dir, /cannot read diff file .*missing\.diff: no such file/],
      [["plan", "--config", "missing.yml"], repo.dir, /cannot read config file .*missing\.yml/],
      [["plan", "--format", "yaml"], repo.dir, /--format must be one of text, json/],
      [["plan", "--frobnicate"], repo.dir, /Unknown option '--frobnicate'/],
      [["frobnicate"], repo.dir, /unknown command 'frobnicate'/],
    ];
    for (const [args, cwd, message] of cases) {
      const run = await runCli(args, { cwd, env });
      expect(run.code, args.join(" ")).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
    }
    rmSync(notRepo, { recursive: true });
  });

  it("names the key of a bad config and where a diff is broken", async () => {
    writeFileSync(path.join(repo.dir, "bad.yml"), "context_lines: -1\nexcldue: []\n");
    const badConfig = await runCli(["plan", "--config", "bad.yml"], { cwd: repo.dir, env });
    expect(badConfig.code).toBe(2);
    expect(badConfig.stderr).toMatch(/`context_lines`/);
    expect(badConfig.stderr).toMatch(/unknown key `excldue`/);

    const truncated = "diff --git a/x.ts b/x.ts\n--- a/x.ts\n+++ b/x.ts\n@@ -1,3 +1,3 @@\n a\n-b\n+c\n";
    const broken = await runCli(["plan", "--diff", "-"], { cwd: repo.dir, env, stdin: truncated });
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/(hunk ends early|ends inside the hunk).*x\.ts/);

    const prose = await runCli(["plan", "--diff", "-"], { cwd: repo.dir, env, stdin: "this is not a diff\n" });
    expect(prose.code).toBe(2);
    expect(prose.stderr).toMatch(/not a unified diff/);
  });
});

describe("ai-review plan: finding the base", () => {
  it("uses the remote's default branch (origin/HEAD) of a clone, then main, and says when there is nothing to review", async () => {
    const upstream = createRepo();
    const clone = createRepo();
    try {
      upstream.write("a.txt", "one\n");
      upstream.commit("one");
      upstream.git("branch", "-m", "trunk"); // neither main nor master: only origin/HEAD can name it
      clone.git("remote", "add", "origin", upstream.dir);
      clone.git("fetch", "-q", "origin");
      clone.git("remote", "set-head", "origin", "trunk");
      clone.git("checkout", "-q", "-b", "feature", "origin/trunk");
      clone.write("a.txt", "two\n");
      clone.commit("two");
      const run = await runCli(["plan", "--format", "json"], { cwd: clone.dir, env: clone.env });
      expect(run.stderr).toBe("");
      const report = JSON.parse(run.stdout) as PlanReport;
      expect(report.source).toMatch(/^git origin\/trunk /);
      expect(report.files.map((f) => f.path)).toEqual(["a.txt"]);

      clone.git("checkout", "-q", "-b", "main", "origin/trunk");
      const onBase = await runCli(["plan"], { cwd: clone.dir, env: clone.env });
      expect(onBase.code).toBe(0);
      expect(onBase.stdout).toMatch(/Nothing to review: HEAD is the same as origin\/trunk \([0-9a-f]{12}\); commit your work, or pass --base REV\./);
    } finally {
      upstream.cleanup();
      clone.cleanup();
    }
  });

  it("falls back to main when there is no remote, and says what to pass when there is no base at all", async () => {
    const repo = createRepo();
    try {
      repo.write("a.txt", "one\n");
      repo.commit("one");
      repo.git("checkout", "-q", "-b", "feature");
      repo.write("a.txt", "two\n");
      repo.commit("two");
      const run = await runCli(["plan", "--format", "json"], { cwd: repo.dir, env: repo.env });
      expect((JSON.parse(run.stdout) as PlanReport).source).toMatch(/^git main /);
      repo.git("branch", "-q", "-m", "main", "trunk");
      const none = await runCli(["plan"], { cwd: repo.dir, env: repo.env });
      expect(none.code).toBe(2);
      expect(none.stderr).toMatch(/cannot find the base branch .*pass --base REV/);
    } finally {
      repo.cleanup();
    }
  });
});

describe("ai-review plan on a diff of 2,000+ files", () => {
  it("accounts for every file: in a chunk, or skipped with a reason", async () => {
    const repo = createRepo();
    try {
      for (let i = 0; i < 2_100; i++) repo.write(`pkg/m${i}/index.js`, `module.exports = ${i};\n`);
      repo.write("yarn.lock", "# yarn lockfile v1\n");
      const base = repo.commit("base");
      for (let i = 0; i < 2_100; i++) {
        if (i % 7 === 0) repo.remove(`pkg/m${i}/index.js`);
        else repo.write(`pkg/m${i}/index.js`, `module.exports = ${i} * 2;\nexports.extra = "${i}";\n`);
      }
      repo.write("dist/app.min.js", "var a=1;\n");
      repo.write("yarn.lock", "# yarn lockfile v1\nleft-pad@1.0.0:\n");
      const head = repo.commit("head");
      writeFileSync(path.join(repo.dir, "big.diff"), repo.git("diff", base, head));
      const total = repo.git("diff", "--name-only", base, head).trim().split("\n").length;
      expect(total).toBe(2_102);

      // A review budget that holds only part of the change, so every way of being left out shows.
      writeFileSync(path.join(repo.dir, "small.yml"), "review_token_budget: 20000\nrequest_token_budget: 4000\n");
      const run = await runCli(["plan", "--diff", "big.diff", "--config", "small.yml", "--format", "json"], { cwd: repo.dir, env: repo.env });
      expect(run.code).toBe(0);
      const report = JSON.parse(run.stdout) as PlanReport;
      expect(report.totalFiles).toBe(total);
      const inChunks = new Set(report.chunks.flatMap((c) => c.files.map((f) => f.path)));
      const listed = [...report.files.map((f) => f.path), ...report.skipped.map((s) => s.path)];
      expect(new Set(listed).size).toBe(total);
      expect(listed).toHaveLength(total);
      for (const f of report.files) expect(inChunks.has(f.path)).toBe(true);
      const reasons = new Set(report.skipped.map((s) => s.reason));
      expect(reasons).toEqual(new Set(["deleted", "lockfile", "minified", "review-budget"]));
      for (const c of report.chunks) expect(c.tokens).toBeLessThanOrEqual(4000);
      expect(report.tokens.diff).toBeLessThanOrEqual(20000);
    } finally {
      repo.cleanup();
    }
  });
});
