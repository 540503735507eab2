import { formatUsd } from "./estimate-cost.js";
import { describeBudget } from "./review-budget.js";
import type { BudgetReport, Review, ReviewComment } from "./review-result.js";
import { usageLine } from "./render-summary.js";

/** ANSI colors for a terminal; plain text when off. */
export interface Paint {
  bold(text: string): string;
  dim(text: string): string;
  severity(severity: string, text: string): string;
}

export const NO_PAINT: Paint = { bold: (t) => t, dim: (t) => t, severity: (_s, t) => t };

export const ANSI_PAINT: Paint = {
  bold: (t) => `\x1b[1m${t}\x1b[22m`,
  dim: (t) => `\x1b[2m${t}\x1b[22m`,
  severity: (s, t) => `\x1b[${s === "critical" ? "31;1" : s === "major" ? "31" : s === "minor" ? "33" : "36"}m${t}\x1b[0m`,
};

const VERDICT_WORD = { approve: "APPROVE", comment: "COMMENT", request_changes: "REQUEST CHANGES" } as const;

/** The review for a terminal: verdict, comments by file and line, then what was left out. */
export function formatReviewText(review: Review, paint: Paint = NO_PAINT): string {
  const out: string[] = [];
  out.push(paint.bold(`Verdict: ${VERDICT_WORD[review.verdict]}`), "");
  if (review.overview.trim()) out.push(review.overview.trim(), "");
  for (const c of [...review.comments, ...review.summaryOnly].sort(byPlace)) {
    out.push(`${paint.bold(place(c))}  ${paint.severity(c.severity, `[${c.severity}]`)} ${c.title ?? ""}`.trimEnd());
    const moved = movedNote(c);
    if (moved) out.push(paint.dim(`    (${moved})`));
    out.push(...indent(c.body));
    if (c.suggestion !== undefined) out.push(paint.dim("    suggestion:"), ...indent(c.suggestion, "      "));
    out.push("");
  }
  if (review.outsideDiff.length > 0) {
    out.push(paint.bold("Outside the diff:"));
    for (const f of review.outsideDiff) {
      out.push(`  ${f.path}:${f.line}  ${paint.severity(f.severity, `[${f.severity}]`)} ${(f.title ?? f.body).split("\n")[0]}`);
      out.push(paint.dim(`      ${f.reason}`));
    }
    out.push("");
  }
  if (review.skipped.length > 0) {
    out.push(paint.bold(`Not reviewed (${review.skipped.length}):`));
    for (const s of review.skipped) out.push(`  ${s.path}  ${paint.dim(s.detail)}`);
    out.push("");
  }
  if (review.failedChunks.length > 0) {
    out.push(paint.severity("critical", `Failed (${review.failedChunks.length}):`));
    for (const c of review.failedChunks) out.push(`  part ${c.index} ${c.files.join(", ")}: ${c.error}`);
    out.push("");
  }
  if (review.invalidComments.length > 0) {
    out.push(paint.bold(`Dropped (${review.invalidComments.length}): comments from the model that could not be used:`));
    for (const d of review.invalidComments) {
      const where = d.path === undefined ? "" : ` ${d.path}${d.line === undefined ? "" : `:${d.line}`}`;
      out.push(`  part ${d.part}${where}: ${d.reason}`);
    }
    out.push("");
  }
  if (review.budget) out.push(budgetLine(review.budget));
  if (review.redactions > 0) out.push(`${review.redactions} secret(s) redacted before sending.`);
  out.push(usageLine(review.usage).replace(/<\/?sub>/g, ""));
  return out.join("\n") + "\n";
}

/** What the review spent of its budget, and what the budget kept from the model. */
function budgetLine(budget: BudgetReport): string {
  const spent = [budget.limit.usd !== undefined ? (budget.spent.usd === null ? "an unknown sum" : formatUsd(budget.spent.usd)) : "", budget.limit.tokens !== undefined ? `${budget.spent.tokens.toLocaleString("en-US")} tokens` : ""];
  const notSent = budget.partsNotSent > 0 ? `; ${budget.partsNotSent} part(s) not sent (see Not reviewed)` : "";
  return `Budget: ${spent.filter(Boolean).join(" and ")} spent of ${describeBudget(budget.limit)}${notSent}.`;
}

export function place(c: ReviewComment): string {
  const side = c.side === "LEFT" ? "L" : "";
  return `${c.path}:${side}${c.startLine !== undefined ? `${c.startLine}-` : ""}${c.line}`;
}

/**
 * Why a comment is not where the model put it, for outputs that show no diff: the model
 * named a line (or a range) the forge would refuse, and anchoring moved it.
 */
export function movedNote(c: ReviewComment): string | null {
  const from = c.movedFrom;
  if (!from) return null;
  const old = c.side === "LEFT" ? " of the old file" : "";
  const start = from.startLine;
  if (start === undefined || start === from.line || !Number.isInteger(start)) {
    return `moved from line ${from.line}${old}, which is not in the diff`;
  }
  return `moved from lines ${Math.min(start, from.line)}-${Math.max(start, from.line)}${old}, which are not all in the diff`;
}

export function byPlace(a: ReviewComment, b: ReviewComment): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line;
}

function indent(text: string, pad = "    "): string[] {
  return text.split("\n").map((l) => pad + l);
}
