/**
 * One benchmark run in a fresh process, so its peak memory is its own:
 * `tsx bench/measure-core.ts <parse-diff|core> <diff file>` prints one JSON line.
 */
import { readFileSync } from "node:fs";
import parseDiff from "parse-diff";
import { configSchema, requestTokenBudget } from "../src/config.js";
import { countTokens } from "../src/core/count-tokens.js";
import { prepareReview } from "../src/core/prepare-review.js";
import { splitDiff } from "../src/core/split-diff.js";

const [mode, file] = process.argv.slice(2);
const text = readFileSync(file!, "utf8");
const config = configSchema.parse({});

function work(): unknown {
  if (mode === "parse-diff") return parseDiff(text).length;
  if (mode === "core") {
    const sections = splitDiff(text);
    const prepared = prepareReview(sections, {
      include: config.include,
      exclude: config.exclude,
      maxFileBytes: config.max_file_bytes,
      contextLines: config.context_lines,
      requestBudget: requestTokenBudget(config),
      reviewBudget: config.review_token_budget,
      gitattributes: null,
      countTokens,
    });
    return { files: sections.length, chunks: prepared.chunks.length, tokens: prepared.tokens, reviewed: prepared.reviewed.length };
  }
  throw new Error(`unknown mode ${mode}`);
}

const rssBefore = process.memoryUsage().rss;
const times: number[] = [];
let result: unknown;
for (let i = 0; i < 3; i++) {
  const t0 = performance.now();
  result = work();
  times.push(performance.now() - t0);
}
const maxRss = process.resourceUsage().maxRSS * 1024;
process.stdout.write(JSON.stringify({ mode, times, rssBefore, maxRss, result }) + "\n");
