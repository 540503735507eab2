import type { FileDiff, FileSection } from "./diff-model.js";
import type { Finding } from "./finding.js";
import type { TokenCounter } from "./count-tokens.js";
import type { LinguistAttributes } from "./gitattributes.js";
import { parseHunks } from "./parse-hunks.js";
import { createPacker, type Chunk, type NotReviewed } from "./plan.js";
import { redactFile, type RedactionCount } from "./redact.js";
import { renderFile } from "./render-file.js";
import { isWhitespaceOnly, selectSections, whitespaceOnlySkip, type SkippedFile } from "./select.js";

/**
 * select -> redact -> plan, for one change. Files are prepared one at a time in diff
 * order and only as far as the review budget reaches: a file skipped by its headers is
 * never parsed, and a file past the budget is neither parsed, scanned nor tokenized.
 */

export interface PrepareOptions {
  include: readonly string[];
  exclude: readonly string[];
  maxFileBytes: number;
  contextLines: number;
  requestBudget: number;
  reviewBudget: number;
  gitattributes: LinguistAttributes | null;
  countTokens: TokenCounter;
}

export interface FileRedactions {
  path: string;
  counts: RedactionCount;
}

export interface PreparedReview {
  /** Files sent to the model, with secrets already replaced. */
  reviewed: FileDiff[];
  skipped: SkippedFile[];
  notReviewed: NotReviewed[];
  chunks: Chunk[];
  redactions: FileRedactions[];
  /** Committed secrets: findings of their own, whatever the model says. */
  secretFindings: Finding[];
  tokens: number;
}

export function prepareReview(sections: readonly FileSection[], options: PrepareOptions): PreparedReview {
  const { selected, skipped } = selectSections(sections, {
    include: options.include,
    exclude: options.exclude,
    maxFileBytes: options.maxFileBytes,
    gitattributes: options.gitattributes ?? undefined,
  });
  const packer = createPacker({ request: options.requestBudget, review: options.reviewBudget });
  const reviewed: FileDiff[] = [];
  const redactions: FileRedactions[] = [];
  const secretFindings: Finding[] = [];
  let open = true;
  for (const section of selected) {
    if (!open) {
      packer.skip(section.path);
      continue;
    }
    const parsed = parseHunks(section);
    if (isWhitespaceOnly(parsed)) {
      skipped.push(whitespaceOnlySkip(parsed));
      continue;
    }
    const clean = redactFile(parsed);
    if (clean.redactions.total > 0) {
      redactions.push({ path: parsed.path, counts: clean.redactions });
      secretFindings.push(...clean.findings);
    }
    const rendered = renderFile(clean.file, {
      contextLines: options.contextLines,
      maxTokens: options.requestBudget,
      countTokens: options.countTokens,
    });
    open = packer.add(rendered);
    if (open) reviewed.push(clean.file);
  }
  const plan = packer.finish();
  const planned = new Set(plan.chunks.flatMap((chunk) => chunk.files.map((f) => f.path)));
  return {
    reviewed: reviewed.filter((file) => planned.has(file.path)),
    skipped,
    notReviewed: plan.notReviewed,
    chunks: plan.chunks,
    redactions,
    secretFindings,
    tokens: plan.tokens,
  };
}
