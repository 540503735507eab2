/**
 * Which earlier findings still apply after a re-review. A finding on a file this review
 * looked at again stands only if the review found it again (dedupe matched its
 * fingerprint); one it did not find again was fixed or changed. A file this review could
 * not look at (skipped, left out by the budget, in a part that failed) proves nothing, so
 * its findings stand. An incremental review looks only at the files changed since the last
 * one: the others kept their code, and their findings stand too. A full review looks at the
 * whole change, so a file outside it (reverted since) carries no finding any more.
 */
import type { EarlierFinding } from "./earlier-finding.js";
import { SEVERITIES, severityRank, type Severity } from "./finding.js";

export interface StillOpenInput {
  /** What the forge gave back of the bot's earlier comments. */
  earlier: readonly EarlierFinding[];
  /** This review's findings that dedupe matched as already posted. */
  foundAgain: ReadonlyArray<{ fingerprint: string; path: string; line: number; severity: Severity; title?: string; body: string }>;
  /** Files this review looked at again, by new and old path: reviewed in a part that answered, or deleted. */
  revisited: ReadonlySet<string>;
  /** Files of the change this review could not look at. */
  unreviewed: ReadonlySet<string>;
  /** Whether only the files changed since the last review were read. */
  incremental: boolean;
}

/** The earlier findings that still apply, most severe first, then by place. Pure. */
export function stillOpenFindings(input: StillOpenInput): EarlierFinding[] {
  const earlierByPrint = new Map(input.earlier.map((f) => [f.fingerprint, f]));
  const open = new Map<string, EarlierFinding>();
  for (const found of input.foundAgain) {
    if (open.has(found.fingerprint)) continue;
    // Where this review found it is where it is now; the link still goes to the first comment.
    const earlier = earlierByPrint.get(found.fingerprint);
    const url = earlier?.url;
    open.set(found.fingerprint, {
      fingerprint: found.fingerprint,
      path: found.path,
      line: found.line,
      severity: found.severity,
      title: found.title?.trim() || firstLine(found.body),
      ...(url !== undefined ? { url } : {}),
      // Still shown by the summary alone: the next state carries it on.
      ...(earlier?.inSummary ? { inSummary: true } : {}),
    });
  }
  for (const finding of input.earlier) {
    if (open.has(finding.fingerprint)) continue;
    const stands = input.unreviewed.has(finding.path) || (input.incremental && !input.revisited.has(finding.path));
    if (stands) open.set(finding.fingerprint, finding);
  }
  return [...open.values()].sort(
    (a, b) => rank(a.severity) - rank(b.severity) || compare(a.path, b.path) || (a.line ?? 0) - (b.line ?? 0),
  );
}

function rank(severity: Severity | undefined): number {
  return severity === undefined ? SEVERITIES.length : severityRank(severity);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function firstLine(text: string): string {
  return text.split("\n").find((line) => line.trim() !== "")?.trim() ?? "";
}
