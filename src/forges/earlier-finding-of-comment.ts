import type { EarlierFinding } from "../core/earlier-finding.js";
import { SEVERITIES, type Severity } from "../core/finding.js";
import { readFindingMarker } from "../core/review-marker.js";

/** What of an inline comment the bot wrote (a GitHub review comment, a GitLab diff note) is read here. */
export interface InlineCommentFacts {
  body: string;
  path: string;
  /** Null once the forge no longer places the comment on a line of the diff. */
  line?: number | null;
  /** A link to the comment, when the forge gives one. */
  url?: string;
}

const SEVERITY_LINE = new RegExp(`^\\*\\*(${SEVERITIES.join("|")})\\*\\*(?: (.*))?$`);

/**
 * An inline comment the bot wrote, read back as an earlier finding: the fingerprint from
 * its marker, then severity and title from the line `findingText` writes under it
 * (`**major** Title`, then the body). Null for a comment without a finding marker.
 */
export function earlierFindingOfComment(comment: InlineCommentFacts): EarlierFinding | null {
  const fingerprint = readFindingMarker(comment.body);
  if (fingerprint === null) return null;
  const lines = comment.body.split(/\r?\n/).slice(1).map((line) => line.trim()).filter((line) => line !== "");
  const match = SEVERITY_LINE.exec(lines[0] ?? "");
  let severity: Severity | undefined;
  let title = lines[0] ?? "";
  if (match) {
    severity = match[1] as Severity;
    // No title: the body's first line says what it is about.
    title = match[2]?.trim() || (lines[1] ?? "");
  }
  return {
    fingerprint,
    path: comment.path,
    line: comment.line ?? null,
    ...(severity ? { severity } : {}),
    title,
    ...(comment.url ? { url: comment.url } : {}),
  };
}
