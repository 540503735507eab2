/**
 * A review as a GitLab Code Quality report (the `codequality` artifact report), so its
 * findings also show in the merge request widget: every finding this run raised (inline,
 * summary-only, outside the diff) and the earlier ones that still apply, since GitLab
 * compares whole reports and an incremental run alone would make open findings look fixed.
 */
import { createHash } from "node:crypto";
import type { Severity } from "../../core/finding.js";
import type { Review } from "../../core/review-result.js";

export type CodeQualitySeverity = "info" | "minor" | "major" | "critical" | "blocker";

export interface CodeQualityIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: CodeQualitySeverity;
  location: { path: string; lines: { begin: number } };
}

const SEVERITY: Record<Severity, CodeQualitySeverity> = { critical: "critical", major: "major", minor: "minor", nit: "info" };

/** GitLab shows a finding without a severity as "unknown"; the bot's own notes always say one, so this is rare. */
const UNKNOWN_SEVERITY: CodeQualitySeverity = "info";

export function codeQualityReport(review: Review): CodeQualityIssue[] {
  const issues: CodeQualityIssue[] = [];
  const seen = new Set<string>();
  const add = (issue: CodeQualityIssue) => {
    // GitLab tells issues apart by fingerprint alone: one finding reported twice would show once, or confuse the comparison.
    if (seen.has(issue.fingerprint)) return;
    seen.add(issue.fingerprint);
    issues.push(issue);
  };
  for (const c of [...review.comments, ...review.summaryOnly]) {
    add(issue(c.title ?? c.body, c.severity, c.fingerprint, c.path, c.startLine ?? c.line));
  }
  for (const o of review.outsideDiff) {
    // Outside-diff findings carry no fingerprint of their own: one from where and what they say.
    const id = createHash("sha256").update(`${o.path}\0${o.line}\0${o.side}\0${o.title ?? ""}\0${o.body}`).digest("hex");
    add(issue(o.title ?? o.body, o.severity, id, o.path, o.line));
  }
  for (const e of review.stillOpen) {
    add(issue(e.title, e.severity ?? null, e.fingerprint, e.path, e.line ?? 1));
  }
  return issues;
}

function issue(text: string, severity: Severity | null, fingerprint: string, path: string, line: number): CodeQualityIssue {
  return {
    description: firstLine(text),
    check_name: severity ? `ai-review-${severity}` : "ai-review",
    fingerprint,
    severity: severity ? SEVERITY[severity] : UNKNOWN_SEVERITY,
    location: { path, lines: { begin: Math.max(1, line) } },
  };
}

function firstLine(text: string): string {
  const line = text.split("\n", 1)[0]!.trim();
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}
