/**
 * A 200-file change reviewed against the loopback model, which answers every request after
 * a fixed delay. Prints (a) wall time over the ideal schedule, ceil(requests / concurrency)
 * x delay + the summary pass's delay, and (b) prompt tokens sent over the tokens of the
 * diff text itself (both counted with the same o200k tokenizer).
 */
import { configSchema } from "../src/config.js";
import { countTokens } from "../src/core/count-tokens.js";
import { bareChange, prepareChange } from "../src/prepare-change.js";
import { ModelClient } from "../src/llm/model-client.js";
import { loadPromptTemplates } from "../src/llm/prompt-templates.js";
import { reviewChange } from "../src/review.js";
import { createRepo } from "../test/support/git-repo.js";
import { reply, startModelServer } from "../test/support/model-server.js";

const FILES = 200;
const DELAY_MS = 300;

function makeChange(): string {
  const repo = createRepo();
  try {
    const body = (i: number, v: number) =>
      Array.from({ length: 60 }, (_, n) => `export function handler${i}_${n}(input: number): number {\n  return input * ${n + v} + ${i};\n}\n`).join("");
    for (let i = 0; i < FILES; i++) repo.write(`src/module${i}.ts`, body(i, 0));
    const base = repo.commit("base");
    for (let i = 0; i < FILES; i++) repo.write(`src/module${i}.ts`, body(i, i % 3 === 0 ? 1 : 2));
    const head = repo.commit("head");
    return repo.git("diff", base, head);
  } finally {
    repo.cleanup();
  }
}

export async function benchReview(): Promise<void> {
  const diff = makeChange();
  const config = configSchema.parse({ request_token_budget: 12_000, review_token_budget: 1_000_000, concurrency: 4 });
  const server = await startModelServer((request) => {
    const isSummary = request.body.messages.some((m) => m.content.includes("Write the overall summary"));
    return reply.json(isSummary ? { summary: "Overall." } : { summary: "Part.", comments: [] }, { delayMs: DELAY_MS });
  });
  try {
    const started = performance.now();
    const templates = await loadPromptTemplates();
    const { prepared, context } = prepareChange(bareChange(diff, config), templates);
    const planned = performance.now();
    const model = new ModelClient({ baseURL: server.baseURL, model: "bench", maxTokens: config.max_output_tokens, concurrency: config.concurrency });
    await reviewChange({
      prepared,
      config,
      model,
      templates,
      context,
      base: null,
      head: null,
    });
    const wall = performance.now() - planned;
    const planning = planned - started;
    const chunkRequests = prepared.chunks.length;
    const summaryRequests = server.requests.length - chunkRequests;
    const ideal = Math.ceil(chunkRequests / config.concurrency) * DELAY_MS + summaryRequests * DELAY_MS;
    const sent = server.requests.reduce((sum, r) => sum + r.body.messages.reduce((s, m) => s + countTokens(m.content), 0), 0);
    const diffTokens = countTokens(diff);

    console.log(`\n== review of a ${FILES}-file change against the loopback model (${DELAY_MS} ms per answer) ==`);
    console.log(`requests: ${chunkRequests} chunks + ${summaryRequests} summary, concurrency ${config.concurrency}`);
    console.log(`planning (split, select, redact, tokenize) ${(planning / 1000).toFixed(3)} s`);
    console.log(`review (model calls, anchor, dedupe, verdict, summary) ${(wall / 1000).toFixed(3)} s, ideal ${(ideal / 1000).toFixed(3)} s`);
    console.log(`(a) review wall / ideal: ${(wall / ideal).toFixed(3)} (target <= 1.2); with planning: ${((wall + planning) / ideal).toFixed(3)}`);
    console.log(`prompt tokens sent ${sent}, diff text ${diffTokens} tokens`);
    console.log(`(b) prompt tokens / diff tokens: ${(sent / diffTokens).toFixed(3)} (target <= 1.3)`);
  } finally {
    await server.close();
  }
}
