import { ConfigError } from "../config.js";
import type { Severity } from "../core/finding.js";
import { formatReviewMarkdown } from "../core/render-review-markdown.js";
import { ANSI_PAINT, formatReviewText, NO_PAINT } from "../core/render-review-text.js";
import { ModelClient } from "../llm/model-client.js";
import { loadPromptTemplates } from "../llm/prompt-templates.js";
import { reviewChange } from "../review.js";
import type { CliIo } from "./cli-io.js";
import { emptyDiffHint } from "./empty-diff-hint.js";
import { EXIT_FINDINGS, EXIT_INCOMPLETE, EXIT_OK } from "./exit-codes.js";
import { loadChange, type ChangeInput } from "./load-change.js";
import { prepareChange } from "./prepare-change.js";
import { REAL_TIMERS, startProgress } from "./review-progress.js";

/** The OpenAI SDK's own default, named here so messages can say which URL was tried. */
export const DEFAULT_BASE_URL = "https://api.openai.com/v1";

export interface ReviewFlags extends ChangeInput {
  format: "text" | "markdown" | "json";
  failOn?: Severity;
  model?: string;
  baseUrl?: string;
  apiKey?: string;
}

export async function runReviewCommand(flags: ReviewFlags, io: CliIo): Promise<number> {
  // --fail-on is also the policy's bar, so the verdict and the exit code agree.
  const change = await loadChange(flags, io, {
    model: flags.model,
    base_url: flags.baseUrl,
    api_key: flags.apiKey,
    fail_on: flags.failOn,
  });
  const { config } = change;
  const templates = loadPromptTemplates();
  const { prepared, report, context } = prepareChange(change, templates);
  if (report.totalFiles === 0) io.stderr.write(`ai-review: nothing to review: ${emptyDiffHint(change.from)}\n`);
  if (!config.base_url && !config.api_key && prepared.chunks.length > 0) {
    // OpenAI itself always wants a key; failing here saves four retries and a confusing 401.
    throw new ConfigError(
      "no API key for OpenAI: set OPENAI_API_KEY, or set OPENAI_BASE_URL to a gateway that needs none (such as Ollama)",
    );
  }
  const model = new ModelClient({
    baseURL: config.base_url ?? DEFAULT_BASE_URL,
    apiKey: config.api_key,
    model: config.model,
    maxTokens: config.max_output_tokens,
    timeoutMs: config.timeout_ms,
    maxRetries: config.max_retries,
    concurrency: config.concurrency,
    responseFormat: config.response_format,
    ...(io.sleep ? { sleep: io.sleep } : {}),
  });
  const progress = startProgress({
    stderr: io.stderr,
    tty: io.stderr.isTTY === true,
    total: prepared.chunks.length,
    timers: io.timers ?? REAL_TIMERS,
  });
  let review;
  try {
    review = await reviewChange({
      prepared,
      config,
      model,
      templates,
      context,
      base: change.baseSha,
      head: change.headSha,
      onProgress: (p) => progress.onProgress(p),
    });
  } finally {
    progress.stop();
  }

  if (flags.format === "json") io.stdout.write(`${JSON.stringify(review, null, 2)}\n`);
  else if (flags.format === "markdown") io.stdout.write(formatReviewMarkdown(review));
  else io.stdout.write(formatReviewText(review, io.stdout.isTTY && !io.env.NO_COLOR ? ANSI_PAINT : NO_PAINT));

  if (review.failedChunks.length > 0) {
    const parts = review.failedChunks.filter((c) => c.index > 0).length;
    io.stderr.write(
      `ai-review: the review is incomplete: ${parts} of ${prepared.chunks.length} part(s) failed${review.failedChunks.some((c) => c.index === 0) ? " and the summary pass failed" : ""}. First error: ${review.failedChunks[0]!.error}\n`,
    );
    return EXIT_INCOMPLETE;
  }
  // --fail-on set the policy's bar, so the verdict already says whether it was met.
  if (flags.failOn && review.verdict === "request_changes") return EXIT_FINDINGS;
  return EXIT_OK;
}
