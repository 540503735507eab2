/**
 * The dedupe stage: one comment per problem. Models repeat themselves (the same finding
 * from two overlapping chunks, or twice in one answer in other words), and a re-run must
 * not post again what an earlier run already posted. Every input comes out in exactly one
 * list: `kept` (to publish), `merged` (a repeat of another comment of this review, or of
 * one already posted), `alreadyPosted` (its fingerprint is in an earlier run's markers).
 *
 * Within a review, two comments are repeats when they sit on the same file and side, their
 * lines overlap or touch (within 1 line), and their text is near-identical: the same title,
 * or word sets with a Jaccard similarity of at least 0.6. Two secret-scan findings are
 * never repeats unless they are about the same secret (`secretId`) on the same line: their
 * words are the same for every secret, and four secrets on adjacent lines of a `.env` file
 * are four leaks to revoke. Of a group of repeats the most
 * severe comment stays, then the one with the longest body (it usually explains most),
 * then the first; the others are merged into it.
 *
 * Against earlier runs, a group counts as posted when any of its comments has a posted
 * fingerprint: those comments go to `alreadyPosted` and the rest are merged into the first
 * of them, so a model that words or rates the same finding differently on a re-run does
 * not post it again.
 */
import type { AnchoredComment } from "./anchor.js";
import { severityRank, type Finding } from "./finding.js";
import { fingerprint, normalizeText } from "./fingerprint.js";

/** Word-set Jaccard similarity from which two comments on touching lines are repeats. */
export const NEAR_DUPLICATE_SIMILARITY = 0.6;

export type FingerprintedComment<F extends Finding = Finding> = AnchoredComment<F> & { fingerprint: string };

export interface DedupeResult<F extends Finding = Finding> {
  /** To publish, in input order; their fingerprints are distinct. */
  kept: FingerprintedComment<F>[];
  /** `into` is the fingerprint of a comment in `kept` or `alreadyPosted`. */
  merged: Array<{ comment: FingerprintedComment<F>; into: string }>;
  alreadyPosted: FingerprintedComment<F>[];
}

export interface DedupeOptions {
  /** Fingerprints found in the bot's earlier comments on this change. */
  previousFingerprints?: ReadonlySet<string>;
}

/** Removes repeats within the review and against earlier runs. Pure; lists keep input order. */
export function dedupeFindings<F extends Finding>(
  comments: readonly AnchoredComment<F>[],
  options: DedupeOptions = {},
): DedupeResult<F> {
  const previous = options.previousFingerprints ?? new Set<string>();
  const words = comments.map(wordSet);

  // Most severe first, then longest body, then input order: the first of a group to come
  // up is the one that stays, and later ones only compare with those that stay, so no
  // chain of "similar to something similar" merges unrelated comments.
  const priority = comments
    .map((_, i) => i)
    .sort(
      (a, b) =>
        severityRank(comments[a]!.severity) - severityRank(comments[b]!.severity) ||
        comments[b]!.body.length - comments[a]!.body.length ||
        a - b,
    );
  const leaderOf = new Array<number>(comments.length);
  const leaders: number[] = [];
  for (const i of priority) {
    const leader = leaders.find((l) => nearDuplicates(comments[l]!, comments[i]!, words[l]!, words[i]!));
    if (leader === undefined) leaders.push(i);
    leaderOf[i] = leader ?? i;
  }

  // The same words on two identical lines of a file give equal fingerprints; the second
  // and later ones (in line order) get an occurrence number so kept fingerprints stay unique.
  const base = comments.map((c) => fingerprint(c));
  const prints = [...base];
  const seen = new Map<string, number>();
  const inLineOrder = [...leaders].sort((a, b) => comments[a]!.line - comments[b]!.line || a - b);
  for (const l of inLineOrder) {
    const occurrence = seen.get(base[l]!) ?? 0;
    seen.set(base[l]!, occurrence + 1);
    prints[l] = fingerprint(comments[l]!, occurrence);
  }
  // A repeat that is the same finding as its leader by fingerprint carries the leader's.
  comments.forEach((_, i) => {
    if (leaderOf[i] !== i && base[i] === base[leaderOf[i]!]) prints[i] = prints[leaderOf[i]!]!;
  });

  const postedIn = new Map<number, number>();
  for (const i of priority) {
    if (previous.has(prints[i]!) && !postedIn.has(leaderOf[i]!)) postedIn.set(leaderOf[i]!, i);
  }

  const result: DedupeResult<F> = { kept: [], merged: [], alreadyPosted: [] };
  comments.forEach((comment, i) => {
    const withPrint = { ...comment, fingerprint: prints[i]! };
    const leader = leaderOf[i]!;
    const posted = postedIn.get(leader);
    if (previous.has(prints[i]!)) result.alreadyPosted.push(withPrint);
    else if (posted !== undefined) result.merged.push({ comment: withPrint, into: prints[posted]! });
    else if (leader === i) result.kept.push(withPrint);
    else result.merged.push({ comment: withPrint, into: prints[leader]! });
  });
  return result;
}

/** Whether two comments say the same thing about the same place (see the module comment). */
export function areNearDuplicates(a: AnchoredComment, b: AnchoredComment): boolean {
  return nearDuplicates(a, b, wordSet(a), wordSet(b));
}

function nearDuplicates(
  a: AnchoredComment,
  b: AnchoredComment,
  aWords: ReadonlySet<string>,
  bWords: ReadonlySet<string>,
): boolean {
  if (a.path !== b.path || a.side !== b.side) return false;
  if (a.source === "secret-scan" && b.source === "secret-scan") return a.line === b.line && a.secretId === b.secretId;
  if ((a.startLine ?? a.line) > b.line + 1 || (b.startLine ?? b.line) > a.line + 1) return false;
  const aTitle = normalizeText(a.title ?? "");
  if (aTitle !== "" && aTitle === normalizeText(b.title ?? "")) return true;
  return jaccard(aWords, bWords) >= NEAR_DUPLICATE_SIMILARITY;
}

function wordSet(comment: { title?: string; body: string }): Set<string> {
  const text = normalizeText(`${comment.title ?? ""} ${comment.body}`);
  return new Set(text.split(/[^\p{L}\p{N}_]+/u).filter((word) => word !== ""));
}

function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let shared = 0;
  for (const word of a) if (b.has(word)) shared += 1;
  return shared / (a.size + b.size - shared);
}
