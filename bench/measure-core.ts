/**
 * One benchmark run in a fresh process, so its peak memory is its own:
 * `tsx bench/measure-core.ts <parse-diff|core> <diff file>` prints one JSON line.
 */
import { readFileSync } from "node:fs";
import parseDiff from "parse-diff";
import { configSchema } from "../src/config.js";
import { loadPromptTemplates } from "../src/llm/prompt-templates.js";
import { bareChange, prepareChange } from "../src/prepare-change.js";

const [mode, file] = process.argv.slice(2);
const text = readFileSync(file!, "utf8");
const config = configSchema.parse({});
const templates = await loadPromptTemplates();

function work(): unknown {
  if (mode === "parse-diff") return parseDiff(text).length;
  if (mode === "core") {
    const { prepared, report } = prepareChange(bareChange(text, config), templates);
    return { files: report.totalFiles, chunks: prepared.chunks.length, tokens: prepared.tokens, reviewed: prepared.reviewed.length };
  }
  throw new Error(`unknown mode ${mode}`);
}

const rssBefore = process.memoryUsage().rss;
const times: number[] = [];
let result: unknown;
for (let i = 0; i < 5; i++) {
  const t0 = performance.now();
  result = work();
  times.push(performance.now() - t0);
}
const maxRss = process.resourceUsage().maxRSS * 1024;
process.stdout.write(JSON.stringify({ mode, times, rssBefore, maxRss, result }) + "\n");
