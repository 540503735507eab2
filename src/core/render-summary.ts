import type { EarlierFinding } from "./earlier-finding.js";
import { formatUsd } from "./estimate-cost.js";
import { SEVERITIES, type Severity } from "./finding.js";
import type { FailedChunk, InvalidComment, OutsideDiffFinding, ReviewComment, ReviewUsage } from "./review-result.js";
import type { Verdict } from "./verdict.js";

/** GitHub rejects a comment body over 65,536 characters; keep room for markers. */
export const SUMMARY_LIMIT = 65_000;

export interface SummaryInput {
  verdict: Verdict;
  /** Why the policy's `approve` was ruled out (`VerdictDecision.approvalWithheld`). */
  approvalWithheld?: string | null;
  overview: string;
  comments: readonly ReviewComment[];
  summaryOnly: readonly ReviewComment[];
  outsideDiff: readonly OutsideDiffFinding[];
  files: ReadonlyArray<{ path: string; status: string; additions: number; deletions: number }>;
  skipped: ReadonlyArray<{ path: string; detail: string }>;
  failedChunks: readonly FailedChunk[];
  invalidComments?: readonly InvalidComment[];
  redactions: number;
  usage: ReviewUsage;
  /** Set when only the files changed since an earlier review's head were reviewed. */
  incremental?: { since: string; files: number } | null;
  /** Findings of earlier runs that still apply (see `stillOpenFindings`). */
  stillOpen?: readonly EarlierFinding[];
  /** Set when the review's budget kept parts (listed in `skipped`) or the summary pass from the model. */
  budgetStop?: { budget: string; filesNotReviewed: number; summarySkipped: boolean } | null;
}

const VERDICT_TITLE: Record<Verdict, string> = {
  approve: "Approved",
  comment: "Comments",
  request_changes: "Changes requested",
};

/**
 * The summary in markdown: overview, findings by severity, findings of earlier runs still
 * open, a per-file table, findings outside the diff, files not reviewed, failures,
 * redactions and usage. Long lists are cut (with a count of what was left out) until the
 * whole fits `limit`.
 */
export function renderSummary(input: SummaryInput, limit = SUMMARY_LIMIT): string {
  for (let cap = 200; cap >= 1; cap = Math.floor(cap / 2)) {
    const text = render(input, cap);
    if (text.length <= limit) return text;
  }
  const text = render(input, 0);
  return text.length <= limit ? text : `${text.slice(0, limit - 40)}\n\n_(summary cut to fit)_\n`;
}

function render(input: SummaryInput, cap: number): string {
  const all = [...input.comments, ...input.summaryOnly, ...input.outsideDiff];
  const out: string[] = [];
  out.push(`## AI review: ${VERDICT_TITLE[input.verdict]}`, "");
  if (input.incremental) out.push(incrementalLine(input.incremental), "");
  if (input.approvalWithheld) out.push(input.approvalWithheld, "");
  if (input.budgetStop) out.push(budgetNote(input.budgetStop), "");
  if (input.overview.trim()) out.push(input.overview.trim(), "");
  if (input.failedChunks.length > 0) {
    out.push(`> [!WARNING]\n> This review is incomplete: ${input.failedChunks.length} part(s) of the change could not be reviewed (see "Failed" below).`, "");
  }

  out.push("### Findings", "");
  const dropped = input.invalidComments ?? [];
  const stillOpen = input.stillOpen ?? [];
  if (all.length === 0 && dropped.length > 0) {
    // Not "no findings": the model said something that could not be used.
    out.push(`No usable findings: ${dropped.length} comment(s) from the model were invalid (see "Dropped" below).`, "");
  } else if (all.length === 0) {
    const none = stillOpen.length > 0 ? "No new findings." : "No findings.";
    out.push(input.failedChunks.length > 0 ? "No findings in the parts that could be reviewed." : none, "");
  } else {
    out.push(`| ${SEVERITIES.join(" | ")} |`, `|${SEVERITIES.map(() => "---").join("|")}|`);
    out.push(`| ${SEVERITIES.map((s) => all.filter((f) => f.severity === s).length).join(" | ")} |`, "");
    if (input.comments.length > 0) out.push(`${input.comments.length} posted as inline comments.`, "");
  }
  if (input.summaryOnly.length > 0) {
    out.push("#### Also found", "");
    out.push(...list(input.summaryOnly, cap, (f) => `- **${f.severity}** \`${f.path}:${f.line}\` ${oneLine(f.title ?? f.body)}`), "");
  }

  if (stillOpen.length > 0) {
    out.push(`### Still open from earlier reviews (${stillOpen.length})`, "");
    out.push(...list(stillOpen, cap, earlierLine), "");
  }

  if (input.files.length > 0) {
    out.push("### Files", "", "| File | Change | Findings |", "|---|---|---|");
    const counts = new Map<string, Map<Severity, number>>();
    for (const f of all) {
      const perFile = counts.get(f.path) ?? new Map<Severity, number>();
      perFile.set(f.severity, (perFile.get(f.severity) ?? 0) + 1);
      counts.set(f.path, perFile);
    }
    out.push(
      ...list(input.files, cap, (f) => {
        const found = counts.get(f.path);
        const text = found ? SEVERITIES.filter((s) => found.has(s)).map((s) => `${found.get(s)} ${s}`).join(", ") : "";
        return `| \`${escapeCell(f.path)}\` | ${f.status} +${f.additions} -${f.deletions} | ${text} |`;
      }),
      "",
    );
  }

  if (input.outsideDiff.length > 0) {
    out.push("### Outside the diff", "", "These findings are about lines the change does not touch, so they cannot be inline comments.", "");
    out.push(
      ...list(input.outsideDiff, cap, (f) => `- **${f.severity}** \`${f.path}:${f.side === "LEFT" ? "L" : ""}${f.line}\` ${[f.title ?? "", f.body].map(oneLine).filter(Boolean).join(" ")} _(${oneLine(f.reason)})_`),
      "",
    );
  }
  if (input.skipped.length > 0) {
    out.push(`### Not reviewed (${input.skipped.length})`, "");
    out.push(...list(input.skipped, cap, (s) => `- \`${s.path}\`: ${s.detail}`), "");
  }
  if (input.failedChunks.length > 0) {
    out.push("### Failed", "");
    out.push(...list(input.failedChunks, cap, (c) => `- part ${c.index} (${c.files.map((p) => `\`${p}\``).join(", ")}): ${oneLine(c.error)}`), "");
  }
  if (dropped.length > 0) {
    out.push(`### Dropped (${dropped.length})`, "", "Comments from the model that could not be used; the rest of their part stands.", "");
    out.push(...list(dropped, cap, (d) => `- part ${d.part}${d.path === undefined ? "" : ` \`${d.path}${d.line === undefined ? "" : `:${d.line}`}\``}: ${oneLine(d.reason)}`), "");
  }
  if (input.redactions > 0) out.push(`${input.redactions} secret(s) were redacted before anything was sent to the model.`, "");
  out.push(usageLine(input.usage));
  return out.join("\n") + "\n";
}

/** Which commits an incremental review covered: the reader must not take it for the whole change. */
function incrementalLine(incremental: { since: string; files: number }): string {
  const files = incremental.files === 1 ? "1 file" : `${incremental.files} files`;
  return `Reviewed the changes since ${incremental.since.slice(0, 7)} (${files}).`;
}

function earlierLine(f: EarlierFinding): string {
  const severity = f.severity ? `**${f.severity}** ` : "";
  const place = f.line === null ? f.path : `${f.path}:${f.line}`;
  // A link target cannot hold spaces or parentheses: they would end it early.
  const link = f.url ? ` ([comment](${f.url.replace(/[\s()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`)}))` : "";
  return `- ${severity}\`${place}\` ${oneLine(f.title)}${link}`;
}

/** What the budget kept from the model: the reader must not take the review for a whole one. */
function budgetNote(stop: { budget: string; filesNotReviewed: number; summarySkipped: boolean }): string {
  const what = [
    stop.filesNotReviewed > 0 ? `${stop.filesNotReviewed} file(s) were not reviewed (listed under "Not reviewed"); the most important files were sent first` : "",
    stop.summarySkipped ? "the summary pass was not run (the overview is the parts' own summaries)" : "",
  ].filter(Boolean);
  return `> [!NOTE]\n> This review stopped at its budget of ${stop.budget}: ${what.join("; ")}.`;
}

/** Calls, tokens, time and cost; the cost per model when several answered, and why it is unknown when it is. */
export function usageLine(usage: ReviewUsage): string {
  const missing = usage.callsWithoutUsage > 0 ? ` (${usage.callsWithoutUsage} call(s) without token counts)` : "";
  return `<sub>${usage.calls} model call(s), ${usage.promptTokens} prompt + ${usage.completionTokens} completion tokens${missing}, ${(usage.timeMs / 1000).toFixed(1)} s, ${usage.costUsd === null ? "cost " : ""}${costText(usage)}</sub>`;
}

/** "about $0.0012", or "unknown (why)": never a figure that may be wrong. */
export function costText(usage: ReviewUsage): string {
  const { models } = usage;
  if (usage.costUsd !== null) {
    const each = models.length > 1 ? ` (${models.map((m) => `${m.model} ${formatUsd(m.costUsd ?? 0)}`).join(", ")})` : "";
    return `about ${formatUsd(usage.costUsd)}${each}`;
  }
  const unpriced = models.filter((m) => m.price === null).map((m) => `\`${m.model}\``);
  if (unpriced.length > 0) return `unknown (no price for ${unpriced.join(", ")}: add it to prices in .ai-review.yml)`;
  return "unknown (a call reported no token counts)";
}

function list<T>(items: readonly T[], cap: number, line: (item: T) => string): string[] {
  const shown = items.slice(0, cap).map(line);
  if (items.length > cap) shown.push(`- ... and ${items.length - cap} more`);
  return shown;
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > 200 ? `${flat.slice(0, 197)}...` : flat;
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, "\\|");
}
