/**
 * The orchestrator: a prepared change (selected, redacted, planned) + config + a model
 * -> a Review. The chunks are sent (sendParts: all at once, or within the budget, most
 * important first); then anchor, dedupe, verdict, and a summary pass (the model may route
 * it to a lighter model). Usage is the sum of this review's own calls.
 */
import type { Config } from "./config.js";
import { anchorFindings } from "./core/anchor.js";
import { dedupeFindings } from "./core/dedupe.js";
import type { EarlierFinding } from "./core/earlier-finding.js";
import type { ModelPrice } from "./core/estimate-cost.js";
import type { Finding } from "./core/finding.js";
import { modelRoutes } from "./core/model-routes.js";
import { overBudgetFiles } from "./core/over-budget-files.js";
import type { Chunk } from "./core/plan.js";
import type { PreparedReview } from "./core/prepare-review.js";
import { priceOf } from "./core/price-of-model.js";
import { renderSummary } from "./core/render-summary.js";
import {
  toOutside,
  type BudgetReport,
  type FailedChunk,
  type InvalidComment,
  type Review,
  type ReviewComment,
  type ReviewPart,
  type SummaryPass,
} from "./core/review-result.js";
import { callCeiling, ReviewBudget } from "./core/review-budget.js";
import { isSmallChange, smallChangeOverview } from "./core/small-change.js";
import { stillOpenFindings } from "./core/still-open-findings.js";
import { decideVerdict, splitInline } from "./core/verdict.js";
import { chunkAnswerSchema, summaryAnswerSchema, type ChunkAnswer } from "./llm/answer-schema.js";
import { chunkMessages, messagesTokens, promptTokens, summaryMessages, type PromptContext } from "./llm/build-messages.js";
import type { CallUsage } from "./llm/call-usage.js";
import type { PromptTemplates } from "./llm/prompt-templates.js";
import { usageOfFailure, type ReviewModel } from "./llm/review-model.js";
import { callSpend, UsageSum } from "./llm/usage-sum.js";
import { sendParts, type PartBudget } from "./send-parts.js";

export interface ReviewInput {
  prepared: PreparedReview;
  config: Config;
  model: ReviewModel;
  templates: PromptTemplates;
  /** Title, description and instructions, already redacted. */
  context: PromptContext;
  base: string | null;
  head: string | null;
  /** Fingerprints the bot posted in earlier runs on this change: not posted again. */
  previousFingerprints?: ReadonlySet<string>;
  /** Set when the change holds only the files changed since an earlier review: the summary says so. */
  incremental?: { since: string; files: number } | null;
  /** The bot's earlier findings on this change: those that still apply are listed and counted. */
  earlierFindings?: readonly EarlierFinding[];
  onProgress?: (progress: ReviewProgress) => void;
  /** Milliseconds on a monotonic clock, for the review's wall time. Default performance.now. */
  now?: () => number;
}

/** Sent as each part finishes. Tokens are this review's so far, never the client's totals. */
export interface ReviewProgress {
  done: number;
  total: number;
  /** The part that just finished, and whether it failed. */
  part: { index: number; files: string[]; failed: boolean };
  promptTokens: number;
  completionTokens: number;
}

export async function reviewChange(input: ReviewInput): Promise<Review> {
  const { config, context } = input;
  const now = input.now ?? (() => performance.now());
  const started = now();
  const prices = (model: string): ModelPrice | null => priceOf(model, config.prices)?.price ?? null;
  const spent = new UsageSum(config.model);
  const costs: Costs = { spent, prices, budget: config.budget ? new ReviewBudget(config.budget) : null };
  const chunks = input.prepared.chunks;

  let done = 0;
  const sent = await sendParts(
    chunks,
    async (chunk) => {
      const result = await askChunk(input, context, chunk, spent);
      done += 1;
      input.onProgress?.({
        done,
        total: chunks.length,
        part: { index: chunk.index, files: chunk.files.map((f) => f.path), failed: "error" in result },
        promptTokens: spent.promptTokens,
        completionTokens: spent.completionTokens,
      });
      return result;
    },
    { concurrency: config.concurrency, budget: partBudget(input, costs) },
  );
  const failedChunks: FailedChunk[] = [];
  const invalidComments: InvalidComment[] = [];
  const findings: Finding[] = [...input.prepared.secretFindings];
  const partSummaries: string[] = [];
  const parts: ReviewPart[] = [];
  const notSent: Chunk[] = [];
  for (const [i, answer] of sent.entries()) {
    const chunk = chunks[i]!;
    const files = chunk.files.map((f) => f.path);
    if (answer === "over-budget") {
      notSent.push(chunk);
      parts.push({ index: chunk.index, files, model: null, outcome: "over-budget" });
      continue;
    }
    if ("error" in answer) {
      failedChunks.push({ index: chunk.index, files, error: answer.error });
      parts.push({ index: chunk.index, files, model: null, outcome: "failed" });
      continue;
    }
    parts.push({ index: chunk.index, files, model: answer.model ?? null, outcome: "reviewed", ...(answer.fellBackFrom ? { fellBackFrom: answer.fellBackFrom } : {}) });
    if (answer.value.summary.trim()) partSummaries.push(answer.value.summary.trim());
    for (const c of answer.value.comments) findings.push(toFinding(c, answer.logId));
    for (const c of answer.value.invalidComments ?? []) invalidComments.push({ ...c, part: chunk.index });
  }
  // Files the budget kept from the model are not reviewed, like files past the token budget.
  const budgetText = costs.budget?.describe() ?? "";
  const overBudget = overBudgetFiles(chunks, notSent, budgetText);
  const unsent = new Set(overBudget.filter((f) => f.whole).map((f) => f.path));
  const prepared = { ...input.prepared, reviewed: input.prepared.reviewed.filter((f) => !unsent.has(f.path)) };

  const anchored = anchorFindings(findings, prepared.reviewed, { skipped: [...prepared.skipped, ...prepared.notReviewed, ...overBudget] });
  const deduped = dedupeFindings(anchored.comments, { previousFingerprints: input.previousFingerprints });
  const comments: ReviewComment[] = deduped.kept.map(toReviewComment);
  const { inline, summaryOnly } = splitInline(comments, { minSeverity: config.inline_severity, max: config.max_inline_comments });
  const outsideDiff = anchored.outsideDiff.map((f) => toOutside(f, f.reason));
  // A finding on a file the change does not have is the model's invention: listed, not counted.
  const known = new Set([
    ...input.prepared.reviewed.flatMap((f) => [f.path, f.oldPath]),
    ...prepared.skipped.map((f) => f.path),
    ...prepared.notReviewed.map((f) => f.path),
  ]);
  const counted = [...comments, ...outsideDiff.filter((f) => known.has(f.path))];
  const stillOpen = stillOpenFindings({
    earlier: input.earlierFindings ?? [],
    foundAgain: deduped.alreadyPosted,
    ...lookedAt(prepared, failedChunks, overBudget),
    incremental: Boolean(input.incremental),
  });
  // The summary pass runs first: when it fails, the review is incomplete and cannot approve.
  const { overview, summaryPass } = await writeOverview(input, context, partSummaries, [...inline, ...summaryOnly], failedChunks, costs);
  // What is still open counts as much as what is new: a push that fixes one finding must not
  // turn the verdict while another, found before, is still there.
  const standing = [...counted, ...deduped.alreadyPosted, ...stillOpen.flatMap((f) => (f.severity ? [{ severity: f.severity }] : []))];
  const { verdict, approvalWithheld } = decideVerdict(standing, { failOn: config.fail_on, approve: config.approve }, {
    parts: chunks.length - notSent.length,
    failedParts: failedChunks.length,
    droppedComments: invalidComments.length,
    notReviewed: prepared.notReviewed,
    overBudget,
    changeControlledSkips: prepared.skipped.filter((s) => s.changeControlled),
  });
  const usage = spent.toReviewUsage(now() - started, prices);
  const budget: BudgetReport | null = costs.budget
    ? { limit: config.budget!, spent: { tokens: spent.tokens, usd: usage.costUsd }, partsNotSent: notSent.length }
    : null;
  const redactions = prepared.redactions.reduce((sum, r) => sum + r.counts.total, 0) + context.redactions;
  const skipped = [
    ...prepared.skipped.map(({ path, reason, detail, changeControlled }) => ({ path, reason, detail, ...(changeControlled ? { changeControlled } : {}) })),
    ...prepared.notReviewed.map(({ path, reason, detail }) => ({ path, reason, detail })),
    ...overBudget.map(({ path, reason, detail }) => ({ path, reason, detail })),
  ];
  const summary = renderSummary({
    verdict,
    approvalWithheld,
    overview,
    comments: inline,
    summaryOnly,
    outsideDiff,
    files: prepared.reviewed,
    skipped,
    failedChunks,
    invalidComments,
    redactions,
    usage,
    incremental: input.incremental ?? null,
    stillOpen,
    budgetStop: costs.budget && (notSent.length > 0 || summaryPass.outcome === "over-budget")
      ? { budget: budgetText, filesNotReviewed: overBudget.length, summarySkipped: summaryPass.outcome === "over-budget" }
      : null,
  });
  return {
    verdict,
    overview,
    summary,
    comments: inline,
    summaryOnly,
    outsideDiff,
    skipped,
    failedChunks,
    invalidComments,
    redactions,
    duplicates: { merged: deduped.merged.length, alreadyPosted: deduped.alreadyPosted.length },
    alreadyPostedFingerprints: [...new Set(deduped.alreadyPosted.map((c) => c.fingerprint))],
    stillOpen,
    usage,
    parts,
    summaryPass,
    budget,
    base: input.base,
    head: input.head,
  };
}

/** What the review has spent, at which prices, and of which budget. */
interface Costs {
  spent: UsageSum;
  prices: (model: string) => ModelPrice | null;
  budget: ReviewBudget | null;
}

/** How a part is weighed against the budget: its counted prompt and its output cap, at the dearest model it may go to. */
function partBudget(input: ReviewInput, costs: Costs): PartBudget<Chunk, PartAnswer> | null {
  const { budget } = costs;
  if (!budget) return null;
  const { config } = input;
  const overhead = promptTokens(input.templates, input.context);
  const routePrices = modelRoutes(config).review.map((m) => costs.prices(m) ?? "free");
  return {
    ledger: budget,
    ceiling: (chunk: Chunk) => callCeiling({ prompt: overhead + chunk.tokens, maxCompletion: config.max_output_tokens }, routePrices),
    spentBy: (result) => callSpend(result.usage, costs.prices, config.model),
  };
}

/**
 * Which files of the change this review looked at again (reviewed in parts that answered,
 * or deleted: their code is gone) and which it could not (skipped for another reason, left
 * out by the budget, in a part that failed), by new and old path.
 */
function lookedAt(
  prepared: PreparedReview,
  failedChunks: readonly FailedChunk[],
  overBudget: ReadonlyArray<{ path: string }>,
): { revisited: Set<string>; unreviewed: Set<string> } {
  const failed = new Set([...failedChunks.flatMap((c) => c.files), ...overBudget.map((f) => f.path)]);
  const revisited = new Set<string>();
  const unreviewed = new Set<string>();
  for (const file of prepared.reviewed) {
    const into = failed.has(file.path) ? unreviewed : revisited;
    into.add(file.path).add(file.oldPath);
  }
  for (const file of prepared.skipped) (file.reason === "deleted" ? revisited : unreviewed).add(file.path);
  for (const file of prepared.notReviewed) unreviewed.add(file.path);
  return { revisited, unreviewed };
}

type PartAnswer =
  | { value: ChunkAnswer; logId?: string; model?: string; fellBackFrom?: string[]; usage: CallUsage }
  | { error: string; usage: CallUsage | undefined };

async function askChunk(input: ReviewInput, context: PromptContext, chunk: Chunk, spent: UsageSum): Promise<PartAnswer> {
  try {
    const { value, usage, logId, model, fellBackFrom } = await input.model.askJson(chunkMessages(input.templates, context, chunk), chunkAnswerSchema, {
      schemaName: "chunk_review",
      pass: "review",
    });
    spent.add(usage, false);
    return { value, usage, ...(logId === undefined ? {} : { logId }), ...(model === undefined ? {} : { model }), ...(fellBackFrom ? { fellBackFrom } : {}) };
  } catch (error) {
    const usage = usageOfFailure(error);
    spent.add(usage, true);
    // A failed chunk is reported in the summary and the exit code, never read as "no findings".
    return { error: (error as Error).message, usage };
  }
}

/**
 * The overview: the model's summary pass over all findings (routed to the summary model),
 * unless the change is small (one part, at most `small_change_lines` changed lines), where
 * the part's own summary says it already, or the pass could go past the budget.
 */
async function writeOverview(
  input: ReviewInput,
  context: PromptContext,
  partSummaries: string[],
  findings: readonly ReviewComment[],
  failedChunks: FailedChunk[],
  costs: Costs,
): Promise<{ overview: string; summaryPass: SummaryPass }> {
  const { config } = input;
  if (partSummaries.length === 0) return { overview: "", summaryPass: { model: null, outcome: "nothing-to-summarize" } };
  if (isSmallChange(input.prepared, config.small_change_lines)) {
    return { overview: smallChangeOverview(partSummaries[0]!, input.prepared.secretFindings.length), summaryPass: { model: null, outcome: "small-change" } };
  }
  const list = findings.map((f) => ({ severity: f.severity, path: f.path, line: f.line, title: f.title ?? f.body.slice(0, 80) }));
  const messages = summaryMessages(input.templates, context, partSummaries, list);
  const routePrices = modelRoutes(config).summary.map((m) => costs.prices(m) ?? "free");
  const reservation = costs.budget?.reserve(callCeiling({ prompt: messagesTokens(messages), maxCompletion: config.max_output_tokens }, routePrices));
  if (reservation === null) return { overview: partSummaries.join("\n\n"), summaryPass: { model: null, outcome: "over-budget" } };
  let usage: CallUsage | undefined;
  try {
    const reply = await input.model.askJson(messages, summaryAnswerSchema, { schemaName: "review_summary", pass: "summary" });
    usage = reply.usage;
    costs.spent.add(usage, false);
    return { overview: reply.value.summary, summaryPass: { model: reply.model ?? null, outcome: "done", ...(reply.fellBackFrom ? { fellBackFrom: reply.fellBackFrom } : {}) } };
  } catch (error) {
    usage = usageOfFailure(error);
    costs.spent.add(usage, true);
    failedChunks.push({ index: 0, files: [], error: `summary pass: ${(error as Error).message}` });
    return { overview: partSummaries.join("\n\n"), summaryPass: { model: null, outcome: "failed" } };
  } finally {
    if (reservation) costs.budget!.settle(reservation, callSpend(usage, costs.prices, config.model));
  }
}

/** `logId`: the gateway's log of the call that answered, so feedback on the finding can be traced to it. */
function toFinding(c: ChunkAnswer["comments"][number], logId: string | undefined): Finding {
  return {
    path: c.path,
    line: c.line,
    ...(c.start_line !== undefined ? { startLine: c.start_line } : {}),
    side: c.side,
    severity: c.severity,
    ...(c.title ? { title: c.title } : {}),
    body: c.body,
    ...(c.suggestion !== undefined ? { suggestion: c.suggestion } : {}),
    source: "model",
    ...(logId !== undefined ? { logId } : {}),
  };
}

function toReviewComment(c: ReturnType<typeof dedupeFindings>["kept"][number]): ReviewComment {
  return {
    path: c.path,
    line: c.line,
    ...(c.startLine !== undefined ? { startLine: c.startLine } : {}),
    side: c.side,
    severity: c.severity,
    ...(c.title ? { title: c.title } : {}),
    body: c.body,
    ...(c.suggestion !== undefined ? { suggestion: c.suggestion } : {}),
    fingerprint: c.fingerprint,
    ...(c.moved ? { movedFrom: c.moved } : {}),
    ...(c.logId !== undefined ? { logId: c.logId } : {}),
  };
}
