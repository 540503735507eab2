/**
 * A forge held in memory: a change source and a publisher that record what the review flow
 * asks of them. For tests of the flow and of the entries built on it (the GitHub App and
 * Action, the GitLab job) that need to show what the flow does without a forge server.
 *
 *   const source = new FakeChangeSource({
 *     change: { diffText, headSha: HEAD },
 *     baseFiles: { ".ai-review.yml": "approve: true\n", "AGENTS.md": "Mind the SQL." },
 *   });
 *   const publisher = new RecordingPublisher();
 *   await runReviewFlow({ source, publisher, env });
 *   publisher.posts[0].review.comments;  // what was posted
 *   publisher.posts[0].state;            // what the summary marker would hold
 *   source.changeReads[0].since;         // undefined on a first review
 *
 * The publisher keeps state as a forge does: after a publish, `previous()` gives that state,
 * every fingerprint posted so far and the inline comments posted so far (as earlier
 * findings, without links), so running the flow again on the same publisher is a re-review
 * of the same change.
 */
import { earlierFromCarried } from "../../src/core/carried-findings.js";
import type { Change, ChangeSource } from "../../src/forges/change-source.js";
import type { PreviousReview, PublishResult, ReviewPublisher } from "../../src/forges/review-publisher.js";
import type { EarlierFinding } from "../../src/core/earlier-finding.js";
import type { ReviewState } from "../../src/core/review-marker.js";
import type { Review } from "../../src/core/review-result.js";
import { splitDiff } from "../../src/core/split-diff.js";

export const FAKE_BASE_SHA = "1111111111111111111111111111111111111111";
export const FAKE_HEAD_SHA = "2222222222222222222222222222222222222222";

/** A change as a test writes it: the diff, and whatever else it cares about. */
export type FakeChange = Partial<Omit<Change, "diffText">> & { diffText: string };

export interface FakeChangeSourceOptions {
  change: FakeChange;
  /** Files at the base revision, by path; any other path is absent (null). */
  baseFiles?: Record<string, string>;
  /**
   * The diff of the files changed since `since`, or null when `since` is unknown to the
   * forge (a force-push): then the whole change is given. Without it, `since` is ignored
   * and every read gives the whole change, as a source that cannot compare would.
   */
  diffSince?: (since: string) => string | null;
}

export class FakeChangeSource implements ChangeSource {
  readonly origin: string;
  /** The options of every `readChange` call, in order. */
  readonly changeReads: Array<{ since?: string; contextLines?: number }> = [];
  /** Every path asked of `readBaseFile`, in order. */
  readonly baseFileReads: string[] = [];

  constructor(private readonly options: FakeChangeSourceOptions) {
    this.origin = options.change.origin ?? "fake";
  }

  describeBaseFile(path: string): string {
    return `${path} at the fake base`;
  }

  async readBaseFile(path: string): Promise<string | null> {
    this.baseFileReads.push(path);
    return this.options.baseFiles?.[path] ?? null;
  }

  async readChange(options: { since?: string; contextLines?: number } = {}): Promise<Change> {
    this.changeReads.push({ ...options });
    const whole: Change = {
      origin: this.origin,
      baseSha: FAKE_BASE_SHA,
      headSha: FAKE_HEAD_SHA,
      title: "",
      description: "",
      author: null,
      forgeSkipped: [],
      incremental: null,
      ...this.options.change,
    };
    const since = options.since;
    const partial = since === undefined ? null : (this.options.diffSince?.(since) ?? null);
    if (since === undefined || partial === null) return whole;
    return { ...whole, diffText: partial, incremental: { since, files: splitDiff(partial).length } };
  }
}

export class RecordingPublisher implements ReviewPublisher {
  /** Every publish, in order: the review and the state its summary marker would hold. */
  readonly posts: Array<{ review: Review; state: ReviewState }> = [];
  private state: ReviewState | null;
  private readonly fingerprints: Set<string>;
  private readonly findings: EarlierFinding[];

  /** `previous`: what the forge holds before the first run (nothing by default). */
  constructor(previous: { state: ReviewState | null; fingerprints?: Iterable<string>; findings?: EarlierFinding[] } = { state: null }) {
    this.state = previous.state;
    this.findings = [...(previous.findings ?? [])];
    this.fingerprints = new Set([...(previous.state?.fingerprints ?? []), ...(previous.fingerprints ?? []), ...this.findings.map((f) => f.fingerprint)]);
  }

  async previous(): Promise<PreviousReview> {
    // As the forges' publishers do: the summary's own findings come back from its state.
    const findings = [...this.findings.map((f) => ({ ...f })), ...earlierFromCarried(this.state, this.findings, null)];
    return { state: this.state, fingerprints: new Set(this.fingerprints), findings };
  }

  async publish(review: Review, state: ReviewState): Promise<PublishResult> {
    this.posts.push({ review, state });
    this.state = state;
    for (const fingerprint of state.fingerprints) this.fingerprints.add(fingerprint);
    for (const finding of [...review.comments, ...review.summaryOnly]) this.fingerprints.add(finding.fingerprint);
    for (const c of review.comments) {
      this.findings.push({ fingerprint: c.fingerprint, path: c.path, line: c.line, severity: c.severity, title: c.title ?? c.body });
    }
    return { inline: review.comments.length, movedToSummary: 0, verdict: review.verdict, writeCalls: 1, summaryUrl: null };
  }
}
