/** Spans: where the secrets are in one line, and how they come out of it. */
import { redactionMarker, type SecretKind } from "./kinds.js";

export interface Span {
  start: number;
  end: number;
  kind: SecretKind;
  /** False on the second and later lines of a multi-line secret: one secret, counted once. */
  counted: boolean;
  /** Which multi-line secret (a private key block) this line belongs to, if any. */
  block?: number;
}

export function applySpans(text: string, spans: readonly Span[]): string {
  let out = "";
  let at = 0;
  for (const span of spans) {
    out += text.slice(at, span.start) + redactionMarker(span.kind);
    at = span.end;
  }
  return out + text.slice(at);
}

/** Inserts `span` in start order unless it overlaps one already there (earlier ones win). */
export function addSpan(spans: Span[], span: Span): void {
  let i = 0;
  while (i < spans.length && spans[i]!.end <= span.start) i++;
  if (i < spans.length && spans[i]!.start < span.end) return;
  spans.splice(i, 0, span);
}

