import type { Severity } from "./finding.js";

/**
 * A finding the bot posted on this change in an earlier run, as the forge gives it back
 * (read from the bot's own inline comments). Listed in the summary while it still applies,
 * so an edited summary does not forget what is still open.
 */
export interface EarlierFinding {
  fingerprint: string;
  path: string;
  /** Null when the forge no longer places the comment on a line (the code under it changed). */
  line: number | null;
  /** Absent when the comment's text does not say (one the bot did not format). */
  severity?: Severity;
  /** The title, or the first line of the body when there was none. */
  title: string;
  /** A link to the earlier comment, when the forge gives one. */
  url?: string;
  /** Shown by the earlier summary only (carried in its state), not by an inline comment of its own. */
  inSummary?: boolean;
}
