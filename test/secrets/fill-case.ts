/**
 * Fills a corpus case's placeholders with fresh fake values and remembers where each one
 * landed, so a check can tell the secret from everything around it.
 */
import { fakeValue, PLACEHOLDER } from "./fake-value.js";
import type { CorpusCase } from "./load-corpus.js";
import { hashString, seededRandom } from "./seeded-random.js";

export type Segment =
  | { kind: "literal"; text: string }
  | { kind: "public"; text: string }
  | { kind: "secret"; text: string; secret: number };

export interface FilledSecret {
  spec: string;
  /** The whole value as filled in (indented when it spans lines). */
  value: string;
  /** What must not survive redaction. */
  parts: string[];
  /** 0-based line indexes of the filled text that the value spans. */
  firstLine: number;
  lastLine: number;
  keyLine: boolean;
}

export interface FilledCase {
  case: CorpusCase;
  text: string;
  segments: Segment[];
  secrets: FilledSecret[];
}

/** Each case draws from its own stream, so adding a case changes no other case's values. */
export function fillCase(c: CorpusCase, seed: number): FilledCase {
  const random = seededRandom((seed ^ hashString(c.id)) >>> 0);
  const segments: Segment[] = [];
  const secrets: FilledSecret[] = [];
  let text = "";
  let at = 0;
  const lineOf = (offset: number) => text.slice(0, offset).split("\n").length - 1;
  for (const m of c.template.matchAll(PLACEHOLDER)) {
    const literal = c.template.slice(at, m.index);
    if (literal) segments.push({ kind: "literal", text: literal });
    text += literal;
    at = m.index + m[0].length;

    const value = fakeValue(m[1]!, random);
    // A multi-line value is indented like the line it starts on (a YAML block, say).
    const indent = /(?:^|\n)([ \t]*)$/.exec(text)?.[1] ?? "";
    const filled = value.text.replaceAll("\n", "\n" + indent);
    const start = text.length;
    text += filled;
    if (!value.secret) {
      segments.push({ kind: "public", text: filled });
      continue;
    }
    segments.push({ kind: "secret", text: filled, secret: secrets.length });
    secrets.push({
      spec: m[1]!,
      value: filled,
      parts: value.parts,
      firstLine: lineOf(start),
      lastLine: lineOf(text.length),
      keyLine: value.keyLine ?? false,
    });
  }
  const rest = c.template.slice(at);
  if (rest) segments.push({ kind: "literal", text: rest });
  text += rest;
  return { case: c, text, segments, secrets };
}
