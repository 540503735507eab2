// Usage was read from the model client's lifetime totals, so a long-running process (the
// coming server) that ran two reviews with one client reported the first review's tokens
// again in the second. Now each review sums the usage of its own calls.
import { describe, expect, it } from "vitest";
import { configSchema } from "../../src/config.js";
import { bareChange, prepareChange } from "../../src/prepare-change.js";
import { ModelClient } from "../../src/llm/model-client.js";
import { loadPromptTemplates } from "../../src/llm/prompt-templates.js";
import { reviewChange } from "../../src/review.js";
import { createRepo } from "../support/git-repo.js";
import { reply, startModelServer } from "../support/model-server.js";

function diffOf(path: string): string {
  const repo = createRepo();
  try {
    repo.write(path, "export const a = 1;\n");
    const base = repo.commit("base");
    repo.write(path, "export const a = 2;\n");
    return repo.git("diff", base, repo.commit("head"));
  } finally {
    repo.cleanup();
  }
}

describe("regression: usage read from the client's lifetime totals", () => {
  it("reports each review's own usage when one client serves two reviews", async () => {
    const server = await startModelServer([
      reply.content(JSON.stringify({ summary: "first", comments: [] }), { usage: { prompt_tokens: 1_000, completion_tokens: 100 } }),
      reply.content(JSON.stringify({ summary: "second", comments: [] }), { usage: { prompt_tokens: 2_000, completion_tokens: 200 } }),
    ]);
    try {
      const config = configSchema.parse({ model: "m", prices: { m: { input: 1, output: 1 } } });
      const templates = loadPromptTemplates();
      const model = new ModelClient({ baseURL: server.baseURL, model: "m", maxTokens: 1_000, maxRetries: 0 });
      const reviewOf = (diff: string) => {
        const { prepared, context } = prepareChange(bareChange(diff, config), templates);
        return reviewChange({ prepared, config, model, templates, context, base: null, head: null });
      };

      const first = await reviewOf(diffOf("a.ts"));
      const second = await reviewOf(diffOf("b.ts"));

      expect(first.usage).toMatchObject({ calls: 1, requests: 1, promptTokens: 1_000, completionTokens: 100, costUsd: 0.0011 });
      expect(second.usage).toMatchObject({ calls: 1, requests: 1, promptTokens: 2_000, completionTokens: 200, costUsd: 0.0022 });
      expect(second.summary).toContain("2000 prompt");
      expect(second.summary).not.toContain("3000 prompt");
    } finally {
      await server.close();
    }
  });
});
