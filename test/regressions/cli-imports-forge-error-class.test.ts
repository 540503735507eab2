// The CLI classified user errors by importing each error class, the local forge's
// SourceError among them: every new forge would have had to be imported by every entry.
// Now ConfigError, SourceError, DiffParseError and UsageError extend one UserError, and
// the CLI classifies by that alone.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/config.js";
import { DiffParseError } from "../../src/core/diff-model.js";
import { UserError } from "../../src/core/user-error.js";
import { UsageError } from "../../src/entries/usage-error.js";
import { SourceError } from "../../src/forges/local/git-source.js";
import { createRepo } from "../support/git-repo.js";
import { runCli } from "../support/run-cli.js";

const ENTRIES = path.resolve(import.meta.dirname, "../../src/entries");

describe("regression: the CLI imports the local forge's error class", () => {
  it("has every error a user fixes extend UserError", () => {
    for (const error of [new ConfigError("c"), new SourceError("s"), new DiffParseError("d", {}), new UsageError("u")]) {
      expect(error, error.name).toBeInstanceOf(UserError);
    }
  });

  it("has no entry import anything from a forge but what it runs", () => {
    const forgeErrorImports = readdirSync(ENTRIES)
      .filter((name) => name.endsWith(".ts"))
      .flatMap((name) =>
        [...readFileSync(path.join(ENTRIES, name), "utf8").matchAll(/import\s+(?:type\s+)?\{([^}]*)\}\s+from\s+"[./]*forges\/[^"]*"/g)]
          .flatMap((m) => m[1]!.split(",").map((n) => n.trim()))
          .filter((binding) => /Error\b/.test(binding))
          .map((binding) => `${name}: ${binding}`),
      );
    expect(forgeErrorImports).toEqual([]);
  });

  it("still answers a forge's user error with one line and exit code 2", async () => {
    const repo = createRepo();
    try {
      repo.write("a.ts", "export const a = 1;\n");
      repo.commit("base");
      const run = await runCli(["plan", "--base", "no-such-branch"], { cwd: repo.dir, env: repo.env });
      expect(run).toEqual({ code: 2, stdout: "", stderr: "ai-review: unknown revision 'no-such-branch' for --base\n" });
    } finally {
      repo.cleanup();
    }
  });
});
