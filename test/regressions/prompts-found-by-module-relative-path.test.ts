// The prompts were read from `../../prompts/` relative to the module: right for tsc's
// dist/, wrong in a one-file bundle (the Action), where every review would have failed
// with ENOENT. Now they are embedded in a generated module. This bundles the CLI into one
// file in an empty folder, with esbuild as the Action bundle will, and runs it there.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import type { PlanReport } from "../../src/core/render-plan.js";
import { runCli } from "../support/run-cli.js";

const ROOT = path.resolve(import.meta.dirname, "../..");

const DIFF = [
  "diff --git a/a.ts b/a.ts",
  "--- a/a.ts",
  "+++ b/a.ts",
  "@@ -1 +1 @@",
  "-export const a = 1;",
  "+export const a = 2;",
  "",
].join("\n");

describe("regression: prompts found by a path relative to the module", () => {
  it("plans from a one-file bundle with no prompts/ folder beside it, as from the sources", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "ai-review-bundle-"));
    try {
      const entry = path.join(dir, "entry.ts");
      writeFileSync(
        entry,
        `import { main } from ${JSON.stringify(path.join(ROOT, "src/entries/cli.ts"))};\n` +
          "process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, cwd: process.cwd(), env: process.env });\n",
      );
      const outfile = path.join(dir, "ai-review.mjs");
      await build({
        entryPoints: [entry],
        outfile,
        bundle: true,
        platform: "node",
        format: "esm",
        target: "node20",
        logLevel: "silent",
        // CommonJS dependencies call require(); an ESM bundle needs one made for it.
        banner: { js: 'import { createRequire as __cr } from "node:module"; const require = __cr(import.meta.url);' },
      });
      rmSync(entry);

      const bundled = spawnSync(process.execPath, [outfile, "plan", "--diff", "-", "--format", "json"], {
        cwd: dir,
        input: DIFF,
        encoding: "utf8",
        env: { PATH: process.env.PATH },
      });
      expect(bundled.stderr).toBe("");
      expect(bundled.status).toBe(0);
      const fromSources = await runCli(["plan", "--diff", "-", "--format", "json"], { cwd: dir, stdin: DIFF });
      const report = JSON.parse(bundled.stdout) as PlanReport;
      // The prompt tokens are counted from the prompt templates: the bundle found them all.
      expect(report.tokens.prompt).toBe((JSON.parse(fromSources.stdout) as PlanReport).tokens.prompt);
      expect(report.tokens.prompt).toBeGreaterThan(500);

      const version = execFileSync(process.execPath, [outfile, "--version"], { cwd: dir, encoding: "utf8" });
      expect(version).toBe(`${(JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string }).version}\n`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
