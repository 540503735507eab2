import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError, configJsonSchema, loadConfig, parseConfig, requestTokenBudget } from "../src/config.js";

const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function tempDir(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "ai-review-config-"));
  made.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

describe("config", () => {
  it("keeps the committed JSON Schema in step with the zod schema (run `npm run schema` after a change)", () => {
    const committed = JSON.parse(readFileSync(path.resolve(import.meta.dirname, "..", "schema", "ai-review.schema.json"), "utf8"));
    expect(committed).toEqual(configJsonSchema());
  });

  it("fills defaults for an empty config", () => {
    const config = parseConfig({}, "test");
    expect(config.fail_on).toBe("critical");
    expect(config.approve).toBe(false);
    expect(config.concurrency).toBe(4);
    expect(requestTokenBudget(config)).toBe(128_000 - 4_096 - 3_000);
  });

  it("names the key and the problem", () => {
    expect(() => parseConfig({ max_file_bytes: "big" }, ".ai-review.yml")).toThrow(/`max_file_bytes`: .*number/i);
    expect(() => parseConfig({ fail_on: "blocker" }, ".ai-review.yml")).toThrow(/`fail_on`/);
    expect(() => parseConfig({ exclud: ["x"] }, ".ai-review.yml")).toThrow(/unknown key `exclud`/);
    expect(() => parseConfig({ path_instructions: [{ path: "src/**" }] }, "f")).toThrow(/`path_instructions.0.instructions`/);
    expect(() => parseConfig({ exclude: ["docs/**", "!docs/keep.md"] }, "f")).toThrow(/`exclude.1`: path pattern "!docs\/keep.md" starts with "!"/);
  });

  it("refuses a context window too small for the answer and the prompt", () => {
    const config = parseConfig({ context_window: 4000, max_output_tokens: 2000 }, "f");
    expect(() => requestTokenBudget(config)).toThrow(ConfigError);
  });

  it("reads .ai-review.yml from the repository, then lets the environment and flags override it", async () => {
    const dir = tempDir({ ".ai-review.yml": "model: from-file\ncontext_lines: 5\nexclude: ['docs/**']\n" });
    const { config, source } = await loadConfig({
      repoDir: dir,
      env: { AI_REVIEW_MODEL: "from-env", OPENAI_BASE_URL: "http://127.0.0.1:9/v1", OPENAI_API_KEY: "k" },
      overrides: { context_lines: 1 },
    });
    expect(source).toBe(path.join(dir, ".ai-review.yml"));
    expect(config.model).toBe("from-env");
    expect(config.base_url).toBe("http://127.0.0.1:9/v1");
    expect(config.api_key).toBe("k");
    expect(config.context_lines).toBe(1);
    expect(config.exclude).toEqual(["docs/**"]);
  });

  it("works with no config file, and fails clearly on a missing explicit one", async () => {
    const dir = tempDir();
    expect((await loadConfig({ repoDir: dir, env: {} })).source).toBeNull();
    await expect(loadConfig({ repoDir: dir, env: {}, file: "nope.yml" })).rejects.toThrow(/cannot read config file .*nope\.yml: ENOENT/);
  });

  it("says which line of the YAML is broken", async () => {
    const dir = tempDir({ ".ai-review.yml": "model: a\nexclude: [unclosed\n" });
    await expect(loadConfig({ repoDir: dir, env: {} })).rejects.toThrow(/line \d+ is not valid YAML/);
    const list = tempDir({ ".ai-review.yml": "- a\n- b\n" });
    await expect(loadConfig({ repoDir: list, env: {} })).rejects.toThrow(/must be a YAML mapping/);
  });
});
