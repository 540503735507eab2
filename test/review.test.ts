import { afterEach, describe, expect, it } from "vitest";
import { configSchema, type ConfigInput } from "../src/config.js";
import { bareChange, prepareChange } from "../src/prepare-change.js";
import type { CallUsage } from "../src/llm/call-usage.js";
import { ModelAnswerError } from "../src/llm/model-answer-error.js";
import { ModelClient } from "../src/llm/model-client.js";
import { loadPromptTemplates } from "../src/llm/prompt-templates.js";
import type { ReviewModel } from "../src/llm/review-model.js";
import { reviewChange, type ReviewProgress } from "../src/review.js";
import { createRepo } from "./support/git-repo.js";
import { reply, startModelServer, type ModelServer, type RecordedRequest } from "./support/model-server.js";

const isSummaryPass = (r: RecordedRequest) => r.body.messages.some((m) => m.content.includes("Write the overall summary"));

/** A real git diff of `files` files with `lines` changed lines each. */
function gitDiff(files: number, lines: number): string {
  const repo = createRepo();
  try {
    const body = (v: number) => Array.from({ length: lines }, (_, i) => `export const value${i} = ${i * v};\n`).join("");
    for (let f = 0; f < files; f++) repo.write(`src/file${f}.ts`, body(1));
    const base = repo.commit("base");
    for (let f = 0; f < files; f++) repo.write(`src/file${f}.ts`, body(2));
    return repo.git("diff", base, repo.commit("head"));
  } finally {
    repo.cleanup();
  }
}

let server: ModelServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function review(diff: string, config: ConfigInput = {}) {
  const parsed = configSchema.parse({ max_retries: 0, ...config });
  const templates = await loadPromptTemplates();
  const { prepared, context } = prepareChange(bareChange(diff, parsed), templates);
  const model = new ModelClient({ baseURL: server!.baseURL, model: "m", maxTokens: 1000, maxRetries: 0 });
  return { prepared, review: await reviewChange({ prepared, config: parsed, model, templates, context, base: null, head: null }) };
}

describe("reviewChange", () => {
  it("runs a summary pass over the findings of a change larger than a glance", async () => {
    server = await startModelServer((request) =>
      isSummaryPass(request)
        ? reply.json({ summary: "Doubles every constant; file0 line 3 is wrong." })
        : reply.json({ summary: "Part summary.", comments: [{ path: "src/file0.ts", line: 3, severity: "major", title: "Wrong constant", body: "Should stay." }] }),
    );
    const { review: result } = await review(gitDiff(3, 20), { prices: { m: { input: 2, output: 8 } } });
    const summaryRequest = server.requests.find(isSummaryPass)!;
    expect(summaryRequest).toBeDefined();
    expect(summaryRequest.body.messages[1]!.content).toContain("- major src/file0.ts:3 Wrong constant");
    expect(result.overview).toBe("Doubles every constant; file0 line 3 is wrong.");
    expect(result.summary).toContain("Doubles every constant");
    expect(result.usage.calls).toBe(2);
    const { promptTokens, completionTokens } = result.usage;
    expect(promptTokens).toBeGreaterThan(0);
    expect(result.usage.costUsd).toBeCloseTo((promptTokens * 2 + completionTokens * 8) / 1e6, 12);
  });

  it("keeps the part summaries and reports the failure when the summary pass fails", async () => {
    server = await startModelServer((request) =>
      isSummaryPass(request) ? reply.status(500, { body: { error: { message: "down" } } }) : reply.json({ summary: "Part summary.", comments: [] }),
    );
    const { review: result } = await review(gitDiff(3, 20));
    expect(result.overview).toBe("Part summary.");
    expect(result.failedChunks).toEqual([expect.objectContaining({ index: 0, error: expect.stringMatching(/^summary pass: .*500/) })]);
    expect(result.verdict).toBe("comment");
  });

  it("lists a finding on a file the change does not have, but does not let it decide the verdict", async () => {
    server = await startModelServer(() =>
      reply.json({ summary: "s", comments: [{ path: "src/imaginary.ts", line: 1, severity: "critical", body: "Invented." }] }),
    );
    const { review: result } = await review(gitDiff(1, 3));
    expect(result.outsideDiff).toEqual([expect.objectContaining({ path: "src/imaginary.ts", severity: "critical" })]);
    expect(result.verdict).toBe("comment");
  });

  it("counts an outside-the-diff finding on a real file of the change", async () => {
    server = await startModelServer(() =>
      reply.json({ summary: "s", comments: [{ path: "src/file0.ts", line: 400, severity: "critical", body: "Unchanged code now breaks." }] }),
    );
    const { review: result } = await review(gitDiff(1, 3));
    expect(result.outsideDiff.map((f) => f.path)).toEqual(["src/file0.ts"]);
    expect(result.verdict).toBe("request_changes");
  });

  it("sums the usage of its own calls, failed ones included, over any model that speaks ReviewModel, and times itself", async () => {
    const usage = (promptTokens: number | null, completionTokens: number | null, requests = 1, retries = 0): CallUsage => ({
      promptTokens, completionTokens, wallMs: 1, requests, retries, repaired: requests > 1,
    });
    let clock = 1_000;
    // Not a ModelClient: the orchestrator needs only askJson, so a cache or a server's shared client fits.
    const model: ReviewModel = {
      async askJson<T>(messages: Parameters<ReviewModel["askJson"]>[0]) {
        clock += 250;
        const text = messages.map((m) => m.content).join("\n");
        if (text.includes("Write the overall summary")) return { value: { summary: "Overall." } as T, usage: usage(50, 5) };
        if (text.includes("### src/file1.ts")) {
          throw new ModelAnswerError("bad answer", { baseURL: "u", model: "m", problem: "p", excerpt: "e", usage: usage(300, 30, 2) });
        }
        if (text.includes("### src/file2.ts")) return { value: { summary: "Two.", comments: [] } as T, usage: usage(null, null) };
        return { value: { summary: "Part.", comments: [] } as T, usage: usage(100, 10, 2, 1) };
      },
    };
    const config = configSchema.parse({ model: "m", request_token_budget: 120, prices: { m: { input: 1, output: 2 } } });
    const templates = loadPromptTemplates();
    const { prepared, context } = prepareChange(bareChange(gitDiff(3, 20), config), templates);
    expect(prepared.chunks.length).toBeGreaterThanOrEqual(3);
    const progress: ReviewProgress[] = [];

    const result = await reviewChange({
      prepared, config, model, templates, context, base: null, head: null,
      now: () => clock,
      onProgress: (p) => progress.push(p),
    });

    const parts = prepared.chunks.map((c) => c.files.map((f) => f.path));
    const failing = parts.filter((files) => files.includes("src/file1.ts")).length;
    const unreported = parts.filter((files) => files.includes("src/file2.ts") && !files.includes("src/file1.ts")).length;
    const plain = parts.length - failing - unreported;
    expect(result.usage).toEqual({
      calls: parts.length + 1,
      failedCalls: failing,
      requests: plain * 2 + failing * 2 + unreported + 1,
      retries: plain,
      promptTokens: plain * 100 + failing * 300 + 50,
      completionTokens: plain * 10 + failing * 30 + 5,
      callsWithoutUsage: unreported,
      timeMs: (parts.length + 1) * 250,
      // A call without token counts makes the cost unknown: a partial sum would understate it.
      costUsd: null,
      models: [{
        model: "m",
        calls: parts.length + 1,
        promptTokens: plain * 100 + failing * 300 + 50,
        completionTokens: plain * 10 + failing * 30 + 5,
        callsWithoutUsage: unreported,
        price: { input: 1, output: 2 },
        costUsd: null,
      }],
    });
    expect(result.summary).toContain("cost unknown (a call reported no token counts)");
    expect(progress.map((p) => p.done)).toEqual(parts.map((_, i) => i + 1));
    const last = progress.at(-1)!;
    // Progress counts the parts only; the summary pass comes after.
    expect(last.promptTokens).toBe(result.usage.promptTokens - 50);
    expect(progress.filter((p) => p.part.failed).map((p) => p.part.files)).toEqual(parts.filter((files) => files.includes("src/file1.ts")));
  });
});
