import { formatUsd, type CostEstimate } from "./estimate-cost.js";
import type { ModelRoutes } from "./model-routes.js";
import { describeBudget } from "./review-budget.js";
import type { FileStatus } from "./diff-model.js";
import type { PreparedReview } from "./prepare-review.js";

/**
 * `ai-review plan` output. The JSON shape is documented in the README ("Plan JSON");
 * scripts read it, so fields are only ever added.
 */
export interface PlanReport {
  source: string;
  base: string | null;
  head: string | null;
  /** Files in the diff; each is in `files` or in `skipped`, never lost. */
  totalFiles: number;
  files: Array<{ path: string; oldPath?: string; status: FileStatus; additions: number; deletions: number; chunks: number[] }>;
  skipped: Array<{ path: string; reason: string; detail: string }>;
  chunks: Array<{ index: number; tokens: number; files: Array<{ path: string; part: number; parts: number; ranges: Array<{ start: number; end: number }> }> }>;
  redactions: { total: number; files: Array<{ path: string; counts: Record<string, number> }> };
  secrets: Array<{ path: string; line: number; severity: string; body: string }>;
  /** `prompt`: tokens each request spends around its diff (prompts, instructions, title). */
  tokens: { diff: number; prompt: number; requestBudget: number; reviewBudget: number };
  /** Null when the price of the model a pass goes to first is not known (config `prices` or the built-in list). */
  estimatedCost: CostEstimate | null;
  /** The models each pass tries, in order. */
  models: ModelRoutes;
  /** The config's `budget`, when set: the files are then planned most important first. */
  budget: { tokens?: number; usd?: number } | null;
}

export function buildPlanReport(
  prepared: PreparedReview,
  meta: {
    source: string;
    base: string | null;
    head: string | null;
    totalFiles: number;
    requestBudget: number;
    promptTokens: number;
    reviewBudget: number;
    cost: CostEstimate | null;
    models: ModelRoutes;
    budget: { tokens?: number; usd?: number } | null;
  },
): PlanReport {
  const chunksOf = new Map<string, number[]>();
  for (const chunk of prepared.chunks) {
    for (const file of chunk.files) chunksOf.set(file.path, [...(chunksOf.get(file.path) ?? []), chunk.index]);
  }
  const redactionFiles = prepared.redactions.map((r) => ({ path: r.path, counts: r.counts.byKind as Record<string, number> }));
  return {
    source: meta.source,
    base: meta.base,
    head: meta.head,
    totalFiles: meta.totalFiles,
    files: prepared.reviewed.map((f) => ({
      path: f.path,
      ...(f.oldPath !== f.path ? { oldPath: f.oldPath } : {}),
      status: f.status,
      additions: f.additions,
      deletions: f.deletions,
      chunks: chunksOf.get(f.path) ?? [],
    })),
    skipped: [...prepared.skipped, ...prepared.notReviewed].map(({ path, reason, detail }) => ({ path, reason, detail })),
    chunks: prepared.chunks.map(({ index, tokens, files }) => ({ index, tokens, files })),
    redactions: {
      total: prepared.redactions.reduce((sum, r) => sum + r.counts.total, 0),
      files: redactionFiles,
    },
    secrets: prepared.secretFindings.map(({ path, line, severity, body }) => ({ path, line, severity, body })),
    tokens: { diff: prepared.tokens, prompt: meta.promptTokens, requestBudget: meta.requestBudget, reviewBudget: meta.reviewBudget },
    estimatedCost: meta.cost,
    models: meta.models,
    budget: meta.budget,
  };
}

const CHUNK_NAMES = 5;

/** `emptyHint` says why the diff is empty and what to do; it depends on where the diff came from. */
export function formatPlanText(report: PlanReport, emptyHint = "the diff is empty"): string {
  const out: string[] = [];
  out.push(`Plan for ${report.source}: ${report.totalFiles} file(s) in the diff, ${report.files.length} to review in ${report.chunks.length} request(s), ${report.skipped.length} skipped`);
  if (report.totalFiles === 0) {
    out.push(`Nothing to review: ${emptyHint}.`);
  }
  out.push("");
  out.push(`Files to review (${report.files.length}):`);
  for (const f of report.files) {
    const from = f.oldPath ? ` (from ${f.oldPath})` : "";
    out.push(`  ${f.path}${from}  ${f.status}  +${f.additions} -${f.deletions}  chunk ${f.chunks.join(", ")}`);
  }
  out.push("");
  out.push(`Skipped (${report.skipped.length}):`);
  for (const s of report.skipped) out.push(`  ${s.path}  ${s.detail}`);
  out.push("");
  out.push(`Chunks (${report.chunks.length}, budget ${report.tokens.requestBudget} tokens each):`);
  for (const c of report.chunks) {
    const files = c.files.map((f) => (f.parts > 1 ? `${f.path} [part ${f.part}/${f.parts}]` : f.path));
    // The file list above has every file; here a few names say what the chunk holds.
    const shown = files.length > CHUNK_NAMES ? [...files.slice(0, CHUNK_NAMES), `... and ${files.length - CHUNK_NAMES} more`] : files;
    out.push(`  #${c.index}  ${c.tokens} tokens  ${files.length} file(s): ${shown.join(", ")}`);
  }
  out.push("");
  out.push(`Redactions: ${report.redactions.total}`);
  for (const r of report.redactions.files) {
    out.push(`  ${r.path}  ${Object.entries(r.counts).map(([k, n]) => `${k} x${n}`).join(", ")}`);
  }
  for (const s of report.secrets) out.push(`  ${s.severity}: ${s.path}:${s.line}  ${s.body.split("\n")[0]}`);
  out.push("");
  out.push(`Tokens: ${report.tokens.diff} of diff (review budget ${report.tokens.reviewBudget}), ${report.tokens.prompt} of prompt per request`);
  out.push(...costLines(report));
  return out.join("\n") + "\n";
}

/** The estimate, its prices and how it was made; or why there is none. */
function costLines(report: PlanReport): string[] {
  const out: string[] = [];
  const c = report.estimatedCost;
  const models = report.models;
  const fallbacks = models.review.length > 1 ? `, then ${models.review.slice(1).join(", ")} if it fails` : "";
  out.push(`Models: ${models.review[0]}${fallbacks}; summary pass: ${models.summary[0]}`);
  if (!c) {
    out.push(`Estimated cost: unknown: no price for ${[models.review[0], models.summary[0]].filter((m, i, all) => all.indexOf(m) === i).join(" or ")} in the config's prices or the built-in list; add prices: { "<model>": { input: ..., output: ... } } (USD per million tokens), or free`);
  } else {
    const priced = c.price === "free" ? "free" : `$${c.price.input} in / $${c.price.output} out per million tokens`;
    const source = c.priceSource === "config" ? "from the config" : `built-in price of ${c.pricesTaken}`;
    out.push(
      `Estimated cost: at most ${formatUsd(c.maxTotalUsd)}: ${formatUsd(c.promptUsd)} for ${c.promptTokens} input tokens, at most ${formatUsd(c.maxCompletionUsd)} for at most ${c.maxCompletionTokens} output tokens (${c.model}: ${priced}, ${source})`,
    );
    if (c.summaryPass) out.push(`  of which the summary pass (${c.summaryPass.model}): at most ${formatUsd(c.summaryPass.maxUsd)}`);
    if (c.fallbacks) {
      const worst =
        c.fallbacks.maxTotalUsd === null
          ? `unknown (no price for ${c.fallbacks.unpriced.join(", ")})`
          : `at most ${formatUsd(c.fallbacks.maxTotalUsd)} (each pass at the dearest price of its models)`;
      out.push(`  If calls fall back to ${c.fallbacks.models.join(", ")}: ${worst}`);
    }
    out.push(`  How: ${c.method}.`);
  }
  if (report.budget) {
    out.push(`Budget: ${describeBudget(report.budget)} per review; files are planned most important first, and no part is sent that could go past it`);
  }
  return out;
}
