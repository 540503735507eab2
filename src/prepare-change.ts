/**
 * Every stage that needs no model, for one change read from a source: split, select,
 * redact, plan. Shared by `plan`, the review flow, the benchmarks and tests.
 */
import { requestTokenBudget, type Config } from "./config.js";
import { reviewTokenCounter } from "./core/count-tokens.js";
import { DiffParseError } from "./core/diff-model.js";
import { estimateCost, withFallbacks, type CostEstimate } from "./core/estimate-cost.js";
import { byImportance } from "./core/file-importance.js";
import { modelRoutes } from "./core/model-routes.js";
import { priceOf } from "./core/price-of-model.js";
import { isSmallChange } from "./core/small-change.js";
import { parseGitAttributes } from "./core/gitattributes.js";
import { prepareReview, type PreparedReview } from "./core/prepare-review.js";
import { buildPlanReport, type PlanReport } from "./core/render-plan.js";
import { splitDiff } from "./core/split-diff.js";
import { listUnseenChanges } from "./core/unseen-changes.js";
import type { Change } from "./forges/change-source.js";
import { buildPromptContext, messagesTokens, promptTokens, summaryMessages, type PromptContext } from "./llm/build-messages.js";
import type { PromptTemplates } from "./llm/prompt-templates.js";

/** A change and what was read with it at the base revision. */
export interface ChangeToPrepare {
  config: Config;
  change: Change;
  /** `.gitattributes` at the base, when there is one. */
  gitattributes: string | null;
  /** AGENTS.md and .github/copilot-instructions.md at the base, those that exist. */
  repositoryInstructions: Array<{ source: string; text: string }>;
}

export interface PreparedChange {
  prepared: PreparedReview;
  report: PlanReport;
  /** What the model is told beside the diff, secrets already removed. */
  context: PromptContext;
}

/** A change that is only a diff: no git metadata, no repository files (benchmarks, tests). */
export function bareChange(diffText: string, config: Config): ChangeToPrepare {
  const change: Change = {
    origin: "diff", baseSha: null, headSha: null, title: "", description: "", author: null,
    diffText, forgeSkipped: [], incremental: null,
  };
  return { config, change, gitattributes: null, repositoryInstructions: [] };
}

/**
 * Runs every stage that needs no model. Files the forge gave no diff for join the skipped
 * list, so the plan, the summary, the JSON and the verdict all see them.
 */
export function prepareChange(input: ChangeToPrepare, templates: PromptTemplates): PreparedChange {
  const { config, change } = input;
  const sections = splitDiff(change.diffText);
  const headerless = sections.find((s) => s.path === "");
  if (headerless) {
    throw new DiffParseError("the diff has hunks but no file headers (`diff --git` or `---`/`+++`); give the output of `git diff`", {
      line: headerless.bodyLine,
    });
  }
  const context = buildPromptContext(
    { ...change, repositoryInstructions: input.repositoryInstructions, unseenChanges: listUnseenChanges(sections, config) },
    config,
  );
  // The prompt around the diff is counted, not guessed: long instructions shrink each request.
  const overhead = promptTokens(templates, context);
  const requestBudget = requestTokenBudget(config, overhead);
  // Under a budget that may not reach every file, the most important go first (and get the parts sent first).
  const ordered = config.budget ? byImportance(sections, config.path_instructions.map((r) => r.path)) : sections;
  const prepared = prepareReview(ordered, {
    include: config.include,
    exclude: config.exclude,
    maxFileBytes: config.max_file_bytes,
    contextLines: config.context_lines,
    requestBudget,
    reviewBudget: config.review_token_budget,
    gitattributes: input.gitattributes === null ? null : parseGitAttributes(input.gitattributes),
    // One per review: it remembers lines and pieces counted, and goes with the review.
    countTokens: reviewTokenCounter(),
  });
  // Not in the diff, so select never saw them; a change-controlled one still rules approval out.
  prepared.skipped.push(...change.forgeSkipped);
  const cost = estimatePlanCost(config, prepared, overhead, summaryPromptTokens(templates, context, prepared));
  const report = buildPlanReport(prepared, {
    source: change.origin,
    base: change.baseSha,
    head: change.headSha,
    totalFiles: sections.length + change.forgeSkipped.length,
    requestBudget,
    promptTokens: overhead,
    reviewBudget: config.review_token_budget,
    cost,
    models: modelRoutes(config),
    budget: config.budget ?? null,
  });
  return { prepared, report, context };
}

/**
 * The plan's cost at the price of the model each pass goes to first (the config's, else the
 * built-in list); null when that price is not known. The summary pass is counted unless
 * the change is small enough to get none.
 */
function estimatePlanCost(config: Config, prepared: PreparedReview, overhead: number, summaryPrompt: number): CostEstimate | null {
  const routes = modelRoutes(config);
  const found = priceOf(routes.review[0]!, config.prices);
  const summaryFound = priceOf(routes.summary[0]!, config.prices);
  if (!found || !summaryFound) return null;
  const requests = prepared.chunks.length;
  const summaryPass = requests > 0 && !isSmallChange(prepared, config.small_change_lines);
  const priced = (model: string) => ({ model, price: priceOf(model, config.prices)?.price ?? null });
  const estimate = estimateCost(
    {
      model: routes.review[0]!,
      price: found.price,
      priceSource: found.source,
      pricesTaken: found.taken,
      promptTokens: prepared.tokens + requests * overhead,
      maxCompletionTokens: requests * config.max_output_tokens,
    },
    summaryPass
      ? {
          model: routes.summary[0]!,
          price: summaryFound.price,
          // The part summaries and findings it carries come from the parts' answers: at most their caps.
          promptTokens: summaryPrompt + requests * config.max_output_tokens,
          maxCompletionTokens: config.max_output_tokens,
        }
      : null,
  );
  return withFallbacks(estimate, { parts: routes.review.map(priced), summary: summaryPass ? routes.summary.map(priced) : [] });
}

/** The summary pass's own prompt with the secret findings it will list, before what the parts' answers add. */
function summaryPromptTokens(templates: PromptTemplates, context: PromptContext, prepared: PreparedReview): number {
  const secrets = prepared.secretFindings.map((f) => ({ severity: f.severity, path: f.path, line: f.line, title: f.title ?? f.body.slice(0, 80) }));
  return messagesTokens(summaryMessages(templates, context, [], secrets));
}
