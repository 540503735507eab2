import type { FileDiff, FileSection } from "./diff-model.js";
import type { Finding } from "./finding.js";
import type { TokenCounter } from "./count-tokens.js";
import type { LinguistAttributes } from "./gitattributes.js";
import { parseHunks } from "./parse-hunks.js";
import { pathSecretFinding } from "./path-secret-finding.js";
import { createPacker, type Chunk, type NotReviewed } from "./plan.js";
import { findCommittedSecrets, redactFile, type RedactionCount } from "./redact/index.js";
import { renderFile } from "./render-file.js";
import { isWhitespaceOnly, whitespaceOnlySkip } from "./select/is-whitespace-only.js";
import { selectSections } from "./select/select-sections.js";
import type { SkipReason, SkippedFile } from "./select/skipped-file.js";

/**
 * select -> redact -> plan, for one change. Files are prepared one at a time in diff
 * order and only as far as the review budget reaches: a file skipped by its headers is
 * never parsed, and a file past the budget is neither parsed, scanned nor tokenized.
 *
 * A committed secret is a finding wherever it was pushed, so the added lines of the files
 * that are not sent (skipped, or past the budget) are still read for secrets, straight
 * from their hunk text. Such a secret does not make its file reviewed: the reason the file
 * was skipped still holds, and reviewing it would spend the budget on a lockfile or a
 * vendored library to say what the finding already says.
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
  /** Secrets replaced in the files prepared for the model. */
  redactions: FileRedactions[];
  /**
   * Secrets on the added lines of files whose text is not sent (skipped, or past the
   * review budget unparsed). Nothing was redacted there, since nothing left; each one is
   * in `secretFindings`.
   */
  unsentSecrets: FileRedactions[];
  /**
   * Committed secrets, in diff order: findings of their own, whatever the model says.
   * Those in files that are not reviewed sit on no reviewed diff line.
   */
  secretFindings: Finding[];
  tokens: number;
}

/** What these files add is not text that a secret can be in. */
const NOTHING_TO_SCAN: ReadonlySet<SkipReason> = new Set([
  "binary",
  "submodule",
  "deleted",
  "no-content-change",
]);

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
  const unsentSecrets: FileRedactions[] = [];
  const secretFindings: Finding[] = [];
  const scanUnsent = (section: FileSection) => {
    const found = findCommittedSecrets(section.path, section.body);
    if (found.counts.total === 0) return;
    unsentSecrets.push({ path: section.path, counts: found.counts });
    secretFindings.push(...found.findings);
  };

  // `selected` and `skipped` keep the input order, so one walk pairs each section with its
  // outcome and the findings come out in diff order.
  const selectSkips = skipped.length;
  let nextSelected = 0;
  let nextSkipped = 0;
  let open = true;
  for (const section of sections) {
    const inPath = pathSecretFinding(section);
    if (inPath) secretFindings.push(inPath);
    if (section !== selected[nextSelected]) {
      const skip = nextSkipped < selectSkips ? skipped[nextSkipped++] : undefined;
      if (skip?.path !== section.path) throw new Error(`select lost track of ${section.path}`);
      // A marked binary skip may be text with a NUL byte put in: its added lines are read.
      if (!NOTHING_TO_SCAN.has(skip.reason) || skip.changeControlled) scanUnsent(section);
      continue;
    }
    nextSelected++;
    if (!open) {
      packer.skip(section.path);
      scanUnsent(section);
      continue;
    }
    const parsed = parseHunks(section);
    if (isWhitespaceOnly(parsed)) {
      // Its added lines are deleted ones re-spaced: a secret in them was committed before.
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
    unsentSecrets,
    secretFindings,
    tokens: plan.tokens,
  };
}
