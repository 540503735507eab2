/**
 * Hidden markers: the state a review keeps in the forge instead of a database. The summary
 * comment starts with the reviewed head SHA and the fingerprints of everything posted; each
 * inline comment starts with its own fingerprint. The next run (an Action or a CI job keeps
 * nothing between runs) reads them back to review only what changed and post nothing twice.
 *
 * A marker is read only from the very start of a body, where the bot itself writes it, and
 * only from comments the bot wrote (the caller checks the author). Model text always comes
 * after it and is passed through `neutralizeMarkers`, so it can neither close a marker nor
 * pass off a marker of its own.
 */
import { z } from "zod";
import { SEVERITIES, type Severity } from "./finding.js";

const PREFIX = "ai-review:";
const SUMMARY_KIND = "summary";
const FINDING_KIND = "finding";
const LOG_KIND = "log";
const POST_KIND = "post";

const stateSchema = z.object({
  v: z.literal(1),
  head: z.string().regex(/^[0-9a-f]{7,64}$/),
  base: z.string().regex(/^[0-9a-f]{7,64}$/).nullable(),
  fingerprints: z.array(z.string().regex(/^[0-9a-f]{8,64}$/)),
  partial: z.literal(true).optional(),
  carried: z
    .array(z.object({ f: z.string().regex(/^[0-9a-f]{8,64}$/), p: z.string(), l: z.number().int().nullable(), s: z.enum(SEVERITIES), t: z.string() }))
    .optional(),
});

/**
 * A finding the summary alone shows (listed there because the forge refused it inline, it is
 * outside the diff, or it was over the inline limit): kept in the state, since an edited
 * summary would otherwise forget it. Short keys: the marker holds up to `CARRIED_LIMIT`.
 */
export interface CarriedFinding {
  f: string;
  p: string;
  l: number | null;
  s: Severity;
  t: string;
}

/** Findings carried at most, and their titles' length: the marker must stay far under a comment's limit. */
export const CARRIED_LIMIT = 100;
export const CARRIED_TITLE_LIMIT = 120;

/** What a summary marker holds. */
export interface ReviewState {
  /** The head commit the review was made on: the next run reviews what came after it. */
  head: string;
  base: string | null;
  /** Every finding posted on this change so far, by fingerprint. */
  fingerprints: string[];
  /** The review left code unseen (see leftCodeUnseen): the next run reviews the whole change, not what came after `head`. */
  partial?: true;
  /** The findings only the summary shows, which the next summary lists again while they stand. */
  carried?: CarriedFinding[];
}

/**
 * `<!-- ai-review:summary <base64url JSON> -->`: base64url, so nothing inside can end the
 * comment whatever the state holds.
 */
export function summaryMarker(state: ReviewState): string {
  // `partial` and `carried` only when set: a marker of a complete review reads as before, for older readers too.
  const carried = state.carried?.length ? { carried: state.carried } : {};
  const json = JSON.stringify({ v: 1, head: state.head, base: state.base, fingerprints: state.fingerprints, ...(state.partial ? { partial: true } : {}), ...carried });
  return `<!-- ${PREFIX}${SUMMARY_KIND} ${Buffer.from(json, "utf8").toString("base64url")} -->`;
}

/** The state in a summary body the bot wrote, or null when it starts with no valid marker. */
export function readSummaryMarker(body: string): ReviewState | null {
  const payload = leadingMarker(body, SUMMARY_KIND);
  if (payload === null || !/^[A-Za-z0-9_-]+$/.test(payload)) return null;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  const parsed = stateSchema.safeParse(json);
  if (!parsed.success) return null;
  const { head, base, fingerprints, partial, carried } = parsed.data;
  return { head, base, fingerprints, ...(partial ? { partial } : {}), ...(carried?.length ? { carried } : {}) };
}

/**
 * What a gateway calls its log of one model call (Cloudflare's `cf-aig-log-id`): letters,
 * digits and `._:-`, so that it can sit in a marker and never end it.
 */
export const LOG_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * `<!-- ai-review:finding <fingerprint> -->`, the first line of an inline comment; with the
 * gateway's log id of the call that found it, a second line `<!-- ai-review:log <id> -->`.
 * A line of its own, not a field of the first: readers that know only the first line (older
 * versions of ai-review) still read the fingerprint of a comment that carries a log id.
 */
export function findingMarker(fingerprint: string, logId?: string): string {
  if (!/^[0-9a-f]{8,64}$/.test(fingerprint)) throw new Error(`not a fingerprint: ${JSON.stringify(fingerprint)}`);
  if (logId !== undefined && !LOG_ID_PATTERN.test(logId)) throw new Error(`not a log id: ${JSON.stringify(logId)}`);
  const first = `<!-- ${PREFIX}${FINDING_KIND} ${fingerprint} -->`;
  return logId === undefined ? first : `${first}\n<!-- ${PREFIX}${LOG_KIND} ${logId} -->`;
}

/** The fingerprint at the start of an inline comment the bot wrote, or null. */
export function readFindingMarker(body: string): string | null {
  return readFindingMarkers(body)?.fingerprint ?? null;
}

/** The fingerprint and, when the comment carries one, the log id at its start; null without a valid marker. */
export function readFindingMarkers(body: string): { fingerprint: string; logId?: string } | null {
  const payload = leadingMarker(body, FINDING_KIND);
  if (payload === null || !/^[0-9a-f]{8,64}$/.test(payload)) return null;
  // The log line counts only right after the finding line: text further down is the model's.
  const rest = body.slice(body.indexOf("\n") + 1);
  const logId = body.includes("\n") ? leadingMarker(rest, LOG_KIND) : null;
  return logId !== null && LOG_ID_PATTERN.test(logId) ? { fingerprint: payload, logId } : { fingerprint: payload };
}

/**
 * `<!-- ai-review:post <id> -->`, the first line of a review's body: an id of one sending
 * of a review, so that after an answer that leaves it unknown (a 502) the publisher can
 * look whether GitHub stored that review before sending it again.
 */
export function postMarker(id: string): string {
  if (!/^[0-9a-z-]{8,64}$/.test(id)) throw new Error(`not a post id: ${JSON.stringify(id)}`);
  return `<!-- ${PREFIX}${POST_KIND} ${id} -->`;
}

/** The post id at the start of a review body the bot wrote, or null. */
export function readPostMarker(body: string): string | null {
  const payload = leadingMarker(body, POST_KIND);
  return payload !== null && /^[0-9a-z-]{8,64}$/.test(payload) ? payload : null;
}

/**
 * Whether a body starts with any ai-review marker: a note the bot wrote (or a copy of one),
 * never a command from a person.
 */
export function startsWithMarker(body: string): boolean {
  return /^<!-- ai-review:[a-z]+ /.test(body);
}

function leadingMarker(body: string, kind: string): string | null {
  const match = /^<!-- ai-review:([a-z]+) (\S+) -->(?:\r?\n|$)/.exec(body);
  return match && match[1] === kind ? match[2]! : null;
}

/**
 * Text the model wrote, made unable to open, close or imitate a marker: a WORD JOINER
 * (U+2060, invisible) goes inside `<!--`, `-->`, `--!>` and the marker prefix. It renders
 * as the same characters in prose and in code, where an HTML entity would show as
 * `&lt;` inside a code span.
 */
export function neutralizeMarkers(text: string): string {
  return text
    .replace(/<!--/g, "<!\u2060--")
    .replace(/--(!?)>/g, "-\u2060-$1>")
    .replace(/ai-review:/gi, (prefix) => `${prefix.slice(0, -1)}\u2060:`);
}
