/**
 * The orchestrator: a prepared change (selected, redacted, planned) + config + a model
 * -> a Review. All chunks are asked at once (the client's limiter keeps `concurrency` in
 * flight); then anchor, dedupe, verdict, and a summary pass. Usage is the sum of this
 * review's own calls.
 */
import type { Config } from "./config.js";
import { anchorFindings } from "./core/anchor.js";
import { dedupeFindings } from "./core/dedupe.js";
import type { EarlierFinding } from "./core/earlier-finding.js";
import type { Finding } from "./core/finding.js";
import type { Chunk } from "./core/plan.js";
import type { PreparedReview } from "./core/prepare-review.js";
import { renderSummary } from "./core/render-summary.js";
import { stillOpenFindings } from "./core/still-open-findings.js";
import { toOutside, type FailedChunk, type InvalidComment, type Review, type ReviewComment } from "./core/review-result.js";
import { decideVerdict, splitInline } from "./core/verdict.js";
import { chunkAnswerSchema, summaryAnswerSchema, type ChunkAnswer } from "./llm/answer-schema.js";
import { chunkMessages, summaryMessages, type PromptContext } from "./llm/build-messages.js";
import type { PromptTemplates } from "./llm/prompt-templates.js";
import { usageOfFailure, type ReviewModel } from "./llm/review-model.js";
import { UsageSum } from "./llm/usage-sum.js";

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

/** Below this many changed lines in one chunk, the chunk's own summary is the overview. */
const TINY_CHANGE_LINES = 30;

export async function reviewChange(input: ReviewInput): Promise<Review> {
  const { prepared, config, context } = input;
  const now = input.now ?? (() => performance.now());
  const started = now();
  const spent = new UsageSum();

  let done = 0;
  const answers = await Promise.all(
    prepared.chunks.map(async (chunk) => {
      const result = await askChunk(input, context, chunk, spent);
      done += 1;
      input.onProgress?.({
        done,
        total: prepared.chunks.length,
        part: { index: chunk.index, files: chunk.files.map((f) => f.path), failed: "error" in result },
        promptTokens: spent.promptTokens,
        completionTokens: spent.completionTokens,
      });
      return result;
    }),
  );
  const failedChunks: FailedChunk[] = [];
  const invalidComments: InvalidComment[] = [];
  const findings: Finding[] = [...prepared.secretFindings];
  const partSummaries: string[] = [];
  for (const [i, answer] of answers.entries()) {
    const chunk = prepared.chunks[i]!;
    if ("error" in answer) {
      failedChunks.push({ index: chunk.index, files: chunk.files.map((f) => f.path), error: answer.error });
      continue;
    }
    if (answer.value.summary.trim()) partSummaries.push(answer.value.summary.trim());
    for (const c of answer.value.comments) findings.push(toFinding(c));
    for (const c of answer.value.invalidComments ?? []) invalidComments.push({ ...c, part: chunk.index });
  }

  const anchored = anchorFindings(findings, prepared.reviewed, { skipped: [...prepared.skipped, ...prepared.notReviewed] });
  const deduped = dedupeFindings(anchored.comments, { previousFingerprints: input.previousFingerprints });
  const comments: ReviewComment[] = deduped.kept.map(toReviewComment);
  const { inline, summaryOnly } = splitInline(comments, { minSeverity: config.inline_severity, max: config.max_inline_comments });
  const outsideDiff = anchored.outsideDiff.map((f) => toOutside(f, f.reason));
  // A finding on a file the change does not have is the model's invention: listed, not counted.
  const known = new Set([
    ...prepared.reviewed.flatMap((f) => [f.path, f.oldPath]),
    ...prepared.skipped.map((f) => f.path),
    ...prepared.notReviewed.map((f) => f.path),
  ]);
  const counted = [...comments, ...outsideDiff.filter((f) => known.has(f.path))];
  const stillOpen = stillOpenFindings({
    earlier: input.earlierFindings ?? [],
    foundAgain: deduped.alreadyPosted,
    ...lookedAt(prepared, failedChunks),
    incremental: Boolean(input.incremental),
  });
  // The summary pass runs first: when it fails, the review is incomplete and cannot approve.
  const overview = await writeOverview(input, context, partSummaries, [...inline, ...summaryOnly], failedChunks, spent);
  // What is still open counts as much as what is new: a push that fixes one finding must not
  // turn the verdict while another, found before, is still there.
  const standing = [...counted, ...deduped.alreadyPosted, ...stillOpen.flatMap((f) => (f.severity ? [{ severity: f.severity }] : []))];
  const { verdict, approvalWithheld } = decideVerdict(standing, { failOn: config.fail_on, approve: config.approve }, {
    parts: prepared.chunks.length,
    failedParts: failedChunks.length,
    droppedComments: invalidComments.length,
    notReviewed: prepared.notReviewed,
    changeControlledSkips: prepared.skipped.filter((s) => s.changeControlled),
  });
  const usage = spent.toReviewUsage(now() - started, config.price);
  const redactions = prepared.redactions.reduce((sum, r) => sum + r.counts.total, 0) + context.redactions;
  const skipped = [
    ...prepared.skipped.map(({ path, reason, detail, changeControlled }) => ({ path, reason, detail, ...(changeControlled ? { changeControlled } : {}) })),
    ...prepared.notReviewed.map(({ path, reason, detail }) => ({ path, reason, detail })),
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
    base: input.base,
    head: input.head,
  };
}

/**
 * Which files of the change this review looked at again (reviewed in parts that answered,
 * or deleted: their code is gone) and which it could not (skipped for another reason, left
 * out by the budget, in a part that failed), by new and old path.
 */
function lookedAt(prepared: PreparedReview, failedChunks: readonly FailedChunk[]): { revisited: Set<string>; unreviewed: Set<string> } {
  const failed = new Set(failedChunks.flatMap((c) => c.files));
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

async function askChunk(
  input: ReviewInput,
  context: PromptContext,
  chunk: Chunk,
  spent: UsageSum,
): Promise<{ value: ChunkAnswer } | { error: string }> {
  try {
    const { value, usage } = await input.model.askJson(chunkMessages(input.templates, context, chunk), chunkAnswerSchema, {
      schemaName: "chunk_review",
    });
    spent.add(usage, false);
    return { value };
  } catch (error) {
    spent.add(usageOfFailure(error), true);
    // A failed chunk is reported in the summary and the exit code, never read as "no findings".
    return { error: (error as Error).message };
  }
}

/**
 * The overview: the model's summary pass over all findings, unless the change is tiny
 * (one chunk, few lines), where the chunk's own summary says it already.
 */
async function writeOverview(
  input: ReviewInput,
  context: PromptContext,
  partSummaries: string[],
  findings: readonly ReviewComment[],
  failedChunks: FailedChunk[],
  spent: UsageSum,
): Promise<string> {
  const changed = input.prepared.reviewed.reduce((sum, f) => sum + f.additions + f.deletions, 0);
  if (partSummaries.length === 0) return "";
  if (input.prepared.chunks.length === 1 && changed <= TINY_CHANGE_LINES) return partSummaries[0]!;
  const list = findings.map((f) => ({ severity: f.severity, path: f.path, line: f.line, title: f.title ?? f.body.slice(0, 80) }));
  try {
    const { value, usage } = await input.model.askJson(summaryMessages(input.templates, context, partSummaries, list), summaryAnswerSchema, {
      schemaName: "review_summary",
    });
    spent.add(usage, false);
    return value.summary;
  } catch (error) {
    spent.add(usageOfFailure(error), true);
    failedChunks.push({ index: 0, files: [], error: `summary pass: ${(error as Error).message}` });
    return partSummaries.join("\n\n");
  }
}

function toFinding(c: ChunkAnswer["comments"][number]): Finding {
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
  };
}
