import { requestTokenBudget, type Config } from "../config.js";
import { countTokens } from "../core/count-tokens.js";
import { estimateCost } from "../core/estimate-cost.js";
import { parseGitAttributes } from "../core/gitattributes.js";
import { prepareReview, type PreparedReview } from "../core/prepare-review.js";
import { buildPlanReport, formatPlanText, type PlanReport } from "../core/render-plan.js";
import { splitDiff } from "../core/split-diff.js";
import type { CliIo } from "./cli.js";
import { loadChange, type ChangeInput, type LoadedChange } from "./load-change.js";

/** A change that is only a diff: no git metadata, no repository files (benchmarks, tests). */
export function bareChange(diffText: string, config: Config): LoadedChange {
  return {
    config, configSource: null, diffText, origin: "diff", baseSha: null, headSha: null,
    title: "", description: "", author: null, gitattributes: null, repositoryInstructions: [],
  };
}

/** Runs every stage that needs no model. Shared by `plan` and `review`. */
export function prepareChange(change: LoadedChange): { prepared: PreparedReview; report: PlanReport } {
  const { config } = change;
  const sections = splitDiff(change.diffText);
  const requestBudget = requestTokenBudget(config);
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
        { promptOverheadTokens: config.prompt_overhead_tokens, maxOutputTokens: config.max_output_tokens },
        config.price,
      )
    : null;
  const report = buildPlanReport(prepared, {
    source: change.origin,
    base: change.baseSha,
    head: change.headSha,
    totalFiles: sections.length,
    requestBudget,
    reviewBudget: config.review_token_budget,
    cost,
  });
  return { prepared, report };
}

export async function runPlanCommand(
  flags: ChangeInput & { format: "text" | "json" },
  io: CliIo,
): Promise<number> {
  const change = await loadChange(flags, io);
  const { report } = prepareChange(change);
  io.stdout.write(flags.format === "json" ? `${JSON.stringify(report, null, 2)}\n` : formatPlanText(report));
  return 0;
}
