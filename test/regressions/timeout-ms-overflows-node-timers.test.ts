// `timeout_ms: 1e12` passed validation, and every model call then failed at once: Node's
// setTimeout fires immediately above 2^31-1 ms. Now config limits are checked against
// ranges that work, and the client refuses a timeout its timers cannot hold.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ModelClient } from "../../src/llm/model-client.js";
import { createRepo } from "../support/git-repo.js";
import { startModelServer } from "../support/model-server.js";
import { runCli } from "../support/run-cli.js";

describe("regression: timeout_ms: 1e12 passes validation and fails every call", () => {
  it("refuses the config with the range, before any model call", async () => {
    const repo = createRepo();
    const server = await startModelServer([]);
    try {
      repo.write("a.ts", "export const a = 1;\n");
      repo.commit("base");
      repo.git("checkout", "-q", "-b", "feature");
      repo.write("a.ts", "export const a = 2;\n");
      repo.commit("change");
      writeFileSync(path.join(repo.dir, "slow.yml"), "timeout_ms: 1e12\n");

      const run = await runCli(["review", "--config", "slow.yml"], {
        cwd: repo.dir,
        env: { ...repo.env, OPENAI_BASE_URL: server.baseURL, AI_REVIEW_MODEL: "m" },
      });

      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/`timeout_ms`: must be a whole number from 1,000 to 600,000 \(milliseconds\)/);
      expect(server.requests).toHaveLength(0);
    } finally {
      await server.close();
      repo.cleanup();
    }
  });

  it("makes the client refuse a timeout above 2^31-1 ms, whoever builds it", () => {
    const options = { baseURL: "http://127.0.0.1:9/v1", model: "m", maxTokens: 100 };
    expect(() => new ModelClient({ ...options, timeoutMs: 1e12 })).toThrow(/timeoutMs must be a whole number from 1 to 2147483647, got 1000000000000/);
    expect(() => new ModelClient({ ...options, timeoutMs: 2 ** 31 - 1 })).not.toThrow();
  });
});
