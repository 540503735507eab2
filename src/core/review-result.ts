import type { EarlierFinding } from "./earlier-finding.js";
import type { ModelPrice } from "./estimate-cost.js";
import type { Finding, Severity, Side } from "./finding.js";
import type { Verdict } from "./verdict.js";

/**
 * The review, as `--format json` prints it and the publishers post it. The top level is a
 * contract for CI scripts (DESIGN.md, README "Review JSON"): fields are only ever added.
 */

/** A finding as posted: who raised it is internal, the fingerprint is for later runs. */
export interface ReviewComment extends Omit<Finding, "source"> {
  fingerprint: string;
  /** Where the model put it, when it was moved onto the nearest changed line. */
  movedFrom?: { line: number; startLine?: number };
}

export interface OutsideDiffFinding {
  path: string;
  line: number;
  side: Side;
  severity: Severity;
  title?: string;
  body: string;
  reason: string;
  /** The gateway's log id of the call that raised it, when the gateway gave one. */
  logId?: string;
}

/** A comment of a model answer that was dropped (line 0, no body, ...): listed with why, never silently lost. */
export interface InvalidComment {
  /** As the model gave them, when it gave usable ones. */
  path?: string;
  line?: number;
  reason: string;
  /** The part (chunk index) whose answer held it. */
  part: number;
}

export interface FailedChunk {
  index: number;
  files: string[];
  error: string;
}

export interface ReviewUsage {
  /** Model calls made (chunks, repairs count inside a call, and the summary pass). */
  calls: number;
  failedCalls: number;
  requests: number;
  retries: number;
  promptTokens: number;
  completionTokens: number;
  /** Calls whose gateway reported no token usage (their tokens are not in the sums). */
  callsWithoutUsage: number;
  timeMs: number;
  /**
   * US dollars, from each model's price (the config's `prices`, else the built-in list);
   * null (unknown) when a model called has no price, or reported no token counts.
   */
  costUsd: number | null;
  /** The same per model called (a review may use several: fallbacks, the summary model). */
  models: ModelUsage[];
}

export interface ModelUsage {
  model: string;
  /** Calls to this model (a call that fell back to another model counts for both). */
  calls: number;
  promptTokens: number;
  completionTokens: number;
  callsWithoutUsage: number;
  /** Null: no price is known for the model. */
  price: ModelPrice | null;
  costUsd: number | null;
}

/** Which model answered each part of the change, or why none did. */
export interface ReviewPart {
  index: number;
  files: string[];
  /** The model that answered; null when the part failed or was not sent. */
  model: string | null;
  outcome: "reviewed" | "failed" | "over-budget";
  /** Models tried before the one that answered, each with why it failed. */
  fellBackFrom?: string[];
}

/** The summary pass: the model that wrote the overview, or why there was no pass. */
export type SummaryPass =
  /** `model` is null only when the model does not say which it is (a test double). */
  | { model: string | null; outcome: "done"; fellBackFrom?: string[] }
  | { model: null; outcome: "small-change" | "failed" | "over-budget" | "nothing-to-summarize" };

/** What a review with a `budget` spent of it, and whether it stopped sending parts. */
export interface BudgetReport {
  limit: { tokens?: number; usd?: number };
  spent: { tokens: number; usd: number | null };
  /** Parts not sent because they could have gone past the budget. */
  partsNotSent: number;
}

export interface Review {
  verdict: Verdict;
  /** The model's overview of the whole change (also the start of `summary`). */
  overview: string;
  summary: string;
  /** Inline comments, each on a line the forge accepts. */
  comments: ReviewComment[];
  /** Findings below the inline threshold or over the inline cap: listed in the summary. */
  summaryOnly: ReviewComment[];
  outsideDiff: OutsideDiffFinding[];
  /** Files not reviewed; `changeControlled` when the change itself decided the skip (no approval then). */
  skipped: Array<{ path: string; reason: string; detail: string; changeControlled?: true }>;
  failedChunks: FailedChunk[];
  /** Model comments dropped as invalid; the rest of their part stands. */
  invalidComments: InvalidComment[];
  redactions: number;
  /** Findings merged into another of this review, and findings an earlier run already posted. */
  duplicates: { merged: number; alreadyPosted: number };
  /** Fingerprints of this review's findings that an earlier run already posted (found again, not posted again). */
  alreadyPostedFingerprints: string[];
  /** Findings of earlier runs on this change that still apply (listed in the summary, counted for the verdict). */
  stillOpen: EarlierFinding[];
  usage: ReviewUsage;
  /** One entry per part, in the order the parts were planned (most important first under a budget). */
  parts: ReviewPart[];
  summaryPass: SummaryPass;
  /** Set when the config has a `budget`. */
  budget: BudgetReport | null;
  base: string | null;
  head: string | null;
}

export function toOutside(finding: Finding, reason: string): OutsideDiffFinding {
  const { path, line, side, severity, title, body, logId } = finding;
  return { path, line, side, severity, ...(title ? { title } : {}), body, reason, ...(logId ? { logId } : {}) };
}
