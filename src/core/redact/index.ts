/**
 * Secret redaction: the last stage before any text leaves for a model. Secrets in the
 * diff (and in free text such as a PR title or description) are replaced by
 * `[REDACTED:<kind>]`, and a secret on an added line becomes a critical finding of its own,
 * because whoever pushed it has already leaked it. The scanner never quotes a secret.
 *
 * Pure: no I/O, no env, no clock. The parts, in the order a line meets them:
 * - prefilter.ts: two regexes that let through the ~1% of lines worth a closer look;
 * - detectors.ts: token formats, URLs, headers, connection strings, assignments;
 * - names.ts, values.ts, judge-assignment.ts: which names hold a secret and which values are one;
 * - key-blocks.ts, kubernetes-secrets.ts, multi-line-secrets.ts: secrets that span lines;
 * - spans.ts, secret-finding.ts: what is cut out, and the finding that says so;
 * - redact-text.ts, redact-file.ts, committed-secrets.ts: the three ways in.
 */
import { detect } from "./detectors.js";
import type { Flavour } from "./file-flavour.js";
import type { SecretKind } from "./kinds.js";
import { candidateLineStarts, mayContainSecret } from "./prefilter.js";

export { SECRET_KINDS, redactionMarker, sumRedactionCounts } from "./kinds.js";
export type { Redaction, RedactionCount, SecretKind } from "./kinds.js";
export { redactText, type RedactedText } from "./redact-text.js";
export { redactFile, type RedactedFile } from "./redact-file.js";
export { findCommittedSecrets, type CommittedSecrets } from "./committed-secrets.js";

/** @internal For the test that checks the prefilter never hides what a detector finds. */
export const redactInternals = {
  mayContainSecret,
  candidateLineStarts,
  detect: (text: string, flavour: Flavour = "code"): SecretKind[] =>
    detect(text, flavour)?.map((span) => span.kind) ?? [],
};
