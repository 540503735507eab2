import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError, configJsonSchema, LIMITS, loadConfig, parseConfig, readConfigFile, requestTokenBudget } from "../src/config.js";

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
    expect(requestTokenBudget(config, 1_500)).toBe(128_000 - 4_096 - 1_500);
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
    expect(() => requestTokenBudget(config, 1_600)).toThrow(ConfigError);
    expect(requestTokenBudget(config, 1_000)).toBe(1_000);
  });

  it("lets the environment override the file, and flags override both", () => {
    const config = loadConfig({
      file: { text: "model: from-file\ncontext_lines: 5\nexclude: ['docs/**']\n", source: ".ai-review.yml" },
      env: { AI_REVIEW_MODEL: "from-env", OPENAI_BASE_URL: "http://127.0.0.1:9/v1", OPENAI_API_KEY: "k" },
      overrides: { context_lines: 1 },
    });
    expect(config.model).toBe("from-env");
    expect(config.base_url).toBe("http://127.0.0.1:9/v1");
    expect(config.api_key).toBe("k");
    expect(config.context_lines).toBe(1);
    expect(config.exclude).toEqual(["docs/**"]);
  });

  it("names every layer a bad value may come from", () => {
    expect(() => loadConfig({ file: { text: "model: m\n", source: "x.yml" }, env: {}, overrides: { model: "" } })).toThrow(
      /invalid config \(x\.yml, flags\):\n {2}- `model`/,
    );
  });

  it("takes only an http(s) base URL, and never one with credentials in it", () => {
    expect(() => loadConfig({ file: null, env: { OPENAI_BASE_URL: "localhost:11434" } })).toThrow(/`base_url`: must start with http/);
    expect(() => loadConfig({ file: null, env: { OPENAI_BASE_URL: "not a url" } })).toThrow(/`base_url`: not a URL/);
    const withPassword = () => loadConfig({ file: null, env: { OPENAI_BASE_URL: "http://user:hunter2pw@127.0.0.1/v1" } });
    expect(withPassword).toThrow(/must not hold a user or password/);
    expect(withPassword).not.toThrow(/hunter2pw/);
  });

  it("reads a config file, and fails clearly on a missing one asked for by name", async () => {
    const dir = tempDir({ "a.yml": "model: m\n" });
    expect(await readConfigFile(path.join(dir, "a.yml"), true)).toEqual({ text: "model: m\n", source: path.join(dir, "a.yml") });
    expect(await readConfigFile(path.join(dir, "absent.yml"), false)).toBeNull();
    await expect(readConfigFile(path.join(dir, "nope.yml"), true)).rejects.toThrow(/cannot read config file .*nope\.yml: ENOENT/);
  });

  it("says which line of the YAML is broken", () => {
    expect(() => loadConfig({ file: { text: "model: a\nexclude: [unclosed\n", source: "c.yml" }, env: {} })).toThrow(
      /config file c\.yml is not valid YAML at line \d+, column \d+: \S.*[^:]$/,
    );
    expect(() => loadConfig({ file: { text: "- a\n- b\n", source: "c.yml" }, env: {} })).toThrow(/must be a YAML mapping/);
  });

  it("keeps every numeric key in a range that works, and says the range", () => {
    const cases: Array<[string, unknown, RegExp]> = [
      ["timeout_ms", 999, /`timeout_ms`: must be a whole number from 1,000 to 600,000 \(milliseconds\)/],
      ["timeout_ms", 2 ** 31, /`timeout_ms`: must be a whole number from 1,000 to 600,000/],
      ["timeout_ms", 1500.5, /`timeout_ms`: must be a whole number/],
      ["max_retries", 11, /`max_retries`: must be a whole number from 0 to 10 \(retries\)/],
      ["max_retries", -1, /`max_retries`: must be a whole number from 0 to 10/],
      ["concurrency", 0, /`concurrency`: must be a whole number from 1 to 64 \(requests\)/],
      ["concurrency", 65, /`concurrency`: must be a whole number from 1 to 64/],
      ["context_window", 512, /`context_window`: must be a whole number from 1,024 to 10,000,000 \(tokens\)/],
      ["max_output_tokens", 100, /`max_output_tokens`: must be a whole number from 256 to 1,000,000 \(tokens\)/],
      ["request_token_budget", 10, /`request_token_budget`: must be a whole number from 50 to 10,000,000 \(tokens\)/],
      ["review_token_budget", 1e12, /`review_token_budget`: must be a whole number from 50 to 100,000,000 \(tokens\)/],
      ["context_lines", 101, /`context_lines`: must be a whole number from 0 to 100 \(lines\)/],
      ["max_file_bytes", 0, /`max_file_bytes`: must be a whole number from 1,000 to 100,000,000 \(bytes\)/],
      ["max_inline_comments", 1001, /`max_inline_comments`: must be a whole number from 0 to 1,000 \(comments\)/],
      ["prices", { "gpt-4o": { input: -1, output: 1e9 } }, /`prices.gpt-4o.input`: must be from 0 to 10,000 \(USD per million tokens\)\n {2}- `prices.gpt-4o.output`: must be from 0/],
      ["small_change_lines", 10_001, /`small_change_lines`: must be a whole number from 0 to 10,000 \(changed lines\)/],
      ["budget", { tokens: 10 }, /`budget.tokens`: must be a whole number from 1,000 to 1,000,000,000 \(tokens\)/],
      ["budget", { usd: 0 }, /`budget.usd`: must be from 0.001 to 100,000 \(USD\)/],
    ];
    for (const [key, value, message] of cases) expect(() => parseConfig({ [key]: value }, "f"), key).toThrow(message);
    // The ends of each range are accepted.
    expect(parseConfig({ timeout_ms: 1_000, max_retries: 10, concurrency: 64, context_lines: 0, max_inline_comments: 0 }, "f").timeout_ms).toBe(1_000);
    expect(parseConfig({ timeout_ms: 600_000, prices: { m: { input: 0, output: 10_000 } } }, "f").timeout_ms).toBe(600_000);
  });

  it("covers every numeric key of the schema with a range", () => {
    type Property = { type?: string; properties?: Record<string, Property>; additionalProperties?: { anyOf?: Property[] } };
    const properties = (configJsonSchema() as { properties: Record<string, Property> }).properties;
    // Objects one level down, and the objects a record (`prices`) holds.
    const inner = (key: string, p: Property): Array<[string, Property]> => [
      ...Object.entries(p.properties ?? {}).map(([name, q]): [string, Property] => [`${key}.${name}`, q]),
      ...(p.additionalProperties?.anyOf ?? []).flatMap((q) => Object.entries(q.properties ?? {}).map(([name, r]): [string, Property] => [`${key}.*.${name}`, r])),
    ];
    const numeric: Array<[string, Property]> = Object.entries(properties)
      .flatMap(([key, p]): Array<[string, Property]> => (p.type === "object" ? inner(key, p) : [[key, p]]))
      .filter(([, p]) => p.type === "integer" || p.type === "number");
    expect(numeric.length).toBeGreaterThanOrEqual(Object.keys(LIMITS).length);
    for (const [key, p] of numeric) {
      expect(p, key).toMatchObject({ minimum: expect.any(Number), maximum: expect.any(Number) });
    }
  });

  it("refuses answer room and request budgets that do not fit the context window", () => {
    expect(() => parseConfig({ context_window: 8_000, max_output_tokens: 8_000 }, "f")).toThrow(
      /`max_output_tokens`: must be less than context_window \(8000\); lower it, or raise context_window/,
    );
    expect(() => parseConfig({ context_window: 8_000, max_output_tokens: 2_000, request_token_budget: 7_000 }, "f")).toThrow(
      /`request_token_budget`: plus max_output_tokens \(2000\) must fit in context_window \(8000\)/,
    );
    expect(parseConfig({ context_window: 8_000, max_output_tokens: 2_000, request_token_budget: 6_000 }, "f").request_token_budget).toBe(6_000);
  });
});
