import { requestTokenBudget, type Config } from "../config.js";
import { countTokens } from "../core/count-tokens.js";
import { DiffParseError } from "../core/diff-model.js";
import { estimateCost } from "../core/estimate-cost.js";
import { parseGitAttributes } from "../core/gitattributes.js";
import { prepareReview, type PreparedReview } from "../core/prepare-review.js";
import { buildPlanReport, type PlanReport } from "../core/render-plan.js";
import { splitDiff } from "../core/split-diff.js";
import { buildPromptContext, promptTokens, type PromptContext } from "../llm/build-messages.js";
import type { PromptTemplates } from "../llm/prompt-templates.js";
import type { LoadedChange } from "./load-change.js";

export interface PreparedChange {
  prepared: PreparedReview;
  report: PlanReport;
  /** What the model is told beside the diff, secrets already removed. */
  context: PromptContext;
}

/** A change that is only a diff: no git metadata, no repository files (benchmarks, tests). */
export function bareChange(diffText: string, config: Config): LoadedChange {
  return {
    config, configSource: null, diffText, origin: "diff", from: { kind: "text" }, baseSha: null, headSha: null,
    title: "", description: "", author: null, gitattributes: null, repositoryInstructions: [],
  };
}

/** Runs every stage that needs no model. Shared by `plan` and `review`. */
export function prepareChange(change: LoadedChange, templates: PromptTemplates): PreparedChange {
  const { config } = change;
  const sections = splitDiff(change.diffText);
  const headerless = sections.find((s) => s.path === "");
  if (headerless) {
    throw new DiffParseError("the diff has hunks but no file headers (`diff --git` or `---`/`+++`); give the output of `git diff`", {
      line: headerless.bodyLine,
    });
  }
  const context = buildPromptContext(change, config);
  // The prompt around the diff is counted, not guessed: long instructions shrink each request.
  const overhead = promptTokens(templates, context);
  const requestBudget = requestTokenBudget(config, overhead);
  const prepared = prepareReview(sections, {
    include: config.include,
    exclude: config.exclude,
    maxFileBytes: config.max_file_bytes,
    contextLines: config.context_lines,
    requestBudget,
    reviewBudget: config.review_token_budget,
    gitattributes: change.gitattributes === null ? null : parseGitAttributes(change.gitattributes),
    countTokens,
  });
  const cost = config.price
    ? estimateCost(
        { diffTokens: prepared.tokens, requests: prepared.chunks.length },
        { promptOverheadTokens: overhead, maxOutputTokens: config.max_output_tokens },
        config.price,
      )
    : null;
  const report = buildPlanReport(prepared, {
    source: change.origin,
    base: change.baseSha,
    head: change.headSha,
    totalFiles: sections.length,
    requestBudget,
    promptTokens: overhead,
    reviewBudget: config.review_token_budget,
    cost,
  });
  return { prepared, report, context };
}
