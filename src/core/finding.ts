/**
 * A finding: one thing a reviewer (the model, or the secret scanner) has to say about one
 * place of the change. Line numbers are the file's own: the new file's on the RIGHT side,
 * the old file's on the LEFT.
 */

export const SEVERITIES = ["critical", "major", "minor", "nit"] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Lower rank is more severe; sorting by rank puts the worst first. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

export type Side = "RIGHT" | "LEFT";

export interface Finding {
  path: string;
  line: number;
  /** First line of a multi-line range; absent for a single line. */
  startLine?: number;
  side: Side;
  severity: Severity;
  title?: string;
  body: string;
  /** Replacement text for `startLine..line` (RIGHT side only). */
  suggestion?: string;
  /** Who raised it: the model, or the secret scanner (which never quotes the secret). */
  source: "model" | "secret-scan";
  /**
   * A secret-scan finding's identity: a one-way hash of the secret values on its line, so
   * that two findings about different secrets are never taken for one. Never the secret.
   */
  secretId?: string;
  /**
   * The gateway's log id of the model call that raised it (Cloudflare AI Gateway's
   * `cf-aig-log-id`), so feedback on the finding can be traced to that call's log.
   */
  logId?: string;
}
