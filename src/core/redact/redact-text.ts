import { scanLine } from "./detectors.js";
import { newBlockIds } from "./key-blocks.js";
import type { Redaction } from "./kinds.js";
import { findMultiLineSecrets, mergeMultiLineSpan } from "./multi-line-secrets.js";
import { mayContainSecret } from "./prefilter.js";
import { applySpans } from "./spans.js";

export interface RedactedText {
  text: string;
  redactions: Redaction[];
}

/**
 * Redacts free text (a PR title or description), which quotes commands, configuration and
 * code alike. A multi-line private key counts once, at its first line.
 */
export function redactText(text: string): RedactedText {
  const lines = text.split("\n");
  const spans = lines.map((line) => scanLine(line, "text"));
  if (!spans.some(Boolean) && !mayContainSecret(text) && !lines.some((line) => line.length >= 64) && !text.includes("value:")) {
    return { text, redactions: [] };
  }
  for (const [i, block] of findMultiLineSecrets(lines, null, newBlockIds())) spans[i] = mergeMultiLineSpan(block, spans[i]);
  const redactions: Redaction[] = [];
  let changed = false;
  for (let i = 0; i < lines.length; i++) {
    const found = spans[i];
    if (!found) continue;
    for (const span of found) if (span.counted) redactions.push({ kind: span.kind, line: i + 1 });
    lines[i] = applySpans(lines[i]!, found);
    changed = true;
  }
  return { text: changed ? lines.join("\n") : text, redactions };
}
