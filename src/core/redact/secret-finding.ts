/**
 * Findings for committed secrets: one critical finding per added line that carries a
 * secret, naming its kinds and never quoting it. Its `secretId` is a one-way hash of the
 * secret values of the line, so two findings tell their secrets apart (dedupe merges no
 * two different secrets, and a rotated secret on the same line is a new finding) while
 * nothing in a finding, its fingerprint included, can give the secret back.
 */
import { createHash } from "node:crypto";
import type { Finding } from "../finding.js";
import { kindLabel, type RedactionCount, type SecretKind } from "./kinds.js";
import type { Span } from "./spans.js";

const SECRET_ID_RECIPE = "ai-review-secret-id-v1";

export function secretId(text: string, spans: readonly Span[]): string {
  const values = spans.map((span) => text.slice(span.start, span.end));
  return createHash("sha256").update(JSON.stringify([SECRET_ID_RECIPE, ...values])).digest("hex").slice(0, 16);
}

/**
 * The finding for one added line, or null when its only secret is a key block already
 * reported (a key block is one secret: it is reported at its first added line).
 */
export function secretFinding(
  path: string,
  line: number,
  text: string,
  spans: readonly Span[],
  reportedBlocks: Set<number>,
): Finding | null {
  const kinds: SecretKind[] = [];
  for (const span of spans) {
    if (span.block !== undefined) {
      if (reportedBlocks.has(span.block)) continue;
      reportedBlocks.add(span.block);
    }
    if (!kinds.includes(span.kind)) kinds.push(span.kind);
  }
  if (kinds.length === 0) return null;
  const labels = kinds.map(kindLabel);
  const what = labels.length === 1 ? labels[0]! : `${labels.slice(0, -1).join(", ")} and ${labels.at(-1)!}`;
  return {
    path,
    line,
    side: "RIGHT",
    severity: "critical",
    source: "secret-scan",
    title: "Secret committed",
    body:
      `This line adds ${what}. Treat it as leaked: revoke or rotate it now, then load it ` +
      `from a secret store (your CI's secrets, a vault, or environment variables) instead of ` +
      `the code. Deleting it in a later commit is not enough: it stays in the git history.`,
    secretId: secretId(text, spans),
  };
}

/** Counts spans as secrets: a multi-line secret once, at its first line. */
export function tally(count: RedactionCount, spans: readonly Span[]): void {
  for (const span of spans) {
    if (!span.counted) continue;
    count.total++;
    count.byKind[span.kind] = (count.byKind[span.kind] ?? 0) + 1;
  }
}
