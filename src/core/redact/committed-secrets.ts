import { parseHunkHeader } from "../hunk-header.js";
import type { Finding } from "../finding.js";
import { detect } from "./detectors.js";
import { fileFlavour, type Flavour } from "./file-flavour.js";
import { mayBeKeyBodyLine, newBlockIds } from "./key-blocks.js";
import type { RedactionCount } from "./kinds.js";
import { findMultiLineSecrets, mayHoldMultiLineSecretByPath, mergeMultiLineSpan } from "./multi-line-secrets.js";
import { candidateLineStarts, KEY_LABEL, mayContainSecret } from "./prefilter.js";
import { secretFinding } from "./secret-finding.js";
import type { Span } from "./spans.js";

/** The secrets on the added lines of a file that is not sent to the model. */
export interface CommittedSecrets {
  /** Secrets on added lines (a multi-line secret once); nothing was redacted, as nothing left. */
  counts: RedactionCount;
  /** One critical finding per added line that carries a secret, as `redactFile` gives. */
  findings: Finding[];
}

const PLUS = 43;
const SPACE = 32;
const AT = 64;

/**
 * The committed secrets of a file whose text goes nowhere (skipped by select, or past the
 * review budget), read from its unparsed hunk text (`FileSection.body`): pushing a secret
 * leaks it whether or not the file is reviewed. Only added lines count, as in `redactFile`.
 *
 * Such files are most of a large diff, so this must cost close to nothing when there is no
 * secret: the prefilters run over the whole text instead of line by line (a match
 * can run past its line only into a context line, never across an added line's `+`, so
 * no line that the per-line prefilter passes is hidden), no line becomes an object, and
 * line numbers are counted only up to a line that holds a secret. A file that may hold a
 * secret spanning lines (a private key marker or body line, a YAML manifest) is read line
 * by line instead, because such a secret spans lines that pass no prefilter.
 */
export function findCommittedSecrets(path: string, body: string): CommittedSecrets {
  const flavour = fileFlavour(path);
  if (mayHoldMultiLineSecretByPath(path)) return findCommittedSecretsByLine(path, body, flavour);
  const report = newSecretReport(path);
  const lineNumber = newLineCounter(body);
  for (const start of candidateLineStarts(body)) {
    const marker = body.charCodeAt(start);
    if (marker !== PLUS && marker !== SPACE) continue;
    let end = body.indexOf("\n", start);
    if (end < 0) end = body.length;
    const text = body.slice(start + 1, end);
    // A key's marker or body line: only its neighbours can tell what the lines are.
    if (text.includes(KEY_LABEL) || mayBeKeyBodyLine(text)) return findCommittedSecretsByLine(path, body, flavour);
    const spans = marker === PLUS ? detect(text, flavour) : null;
    if (spans) report.add(lineNumber(start), text, spans);
  }
  return report.result();
}

/** `findCommittedSecrets` over every line of the new side, so multi-line secrets are found whole. */
function findCommittedSecretsByLine(path: string, body: string, flavour: Flavour): CommittedSecrets {
  const texts: string[] = [];
  const added: (number | null)[] = [];
  let newLine = 0;
  forEachLine(body, (start, end) => {
    const marker = body.charCodeAt(start);
    if (marker === AT) newLine = hunkNewStart(body, start) ?? newLine;
    else if (marker === PLUS || marker === SPACE || start === end) {
      texts.push(body.slice(start + 1, end));
      added.push(marker === PLUS ? newLine : null);
      newLine++;
    }
  });
  const spans = texts.map((text) => (mayContainSecret(text) ? detect(text, flavour) : null));
  for (const [i, span] of findMultiLineSecrets(texts, path, newBlockIds())) spans[i] = mergeMultiLineSpan(span, spans[i]);
  const report = newSecretReport(path);
  for (let i = 0; i < texts.length; i++) {
    const line = added[i] ?? null;
    const found = spans[i];
    if (line !== null && found) report.add(line, texts[i]!, found);
  }
  return report.result();
}

/** Findings and counts for added lines, a multi-line secret counted and reported once. */
function newSecretReport(path: string) {
  const counts: RedactionCount = { total: 0, byKind: {} };
  const findings: Finding[] = [];
  const reportedBlocks = new Set<number>();
  return {
    add(line: number, text: string, spans: readonly Span[]): void {
      for (const span of spans) {
        if (span.block !== undefined && reportedBlocks.has(span.block)) continue;
        counts.total++;
        counts.byKind[span.kind] = (counts.byKind[span.kind] ?? 0) + 1;
      }
      const finding = secretFinding(path, line, text, spans, reportedBlocks);
      if (finding) findings.push(finding);
    },
    result: (): CommittedSecrets => ({ counts, findings }),
  };
}

function forEachLine(text: string, visit: (start: number, end: number) => void): void {
  let pos = 0;
  while (pos < text.length) {
    let end = text.indexOf("\n", pos);
    if (end < 0) end = text.length;
    visit(pos, end);
    pos = end + 1;
  }
}

function hunkNewStart(text: string, at: number): number | null {
  return parseHunkHeader(text, at)?.newStart ?? null;
}

/**
 * New-file line numbers in hunk text, for line starts asked in increasing order: it walks
 * on from the last one asked, so a file costs one walk however many secrets it holds.
 * Lines count as `splitDiff` counts them: an empty line is a context line that lost its space.
 */
function newLineCounter(text: string): (lineStart: number) => number {
  let pos = 0;
  let newLine = 0;
  return (lineStart) => {
    while (pos < lineStart) {
      const marker = text.charCodeAt(pos);
      let end = text.indexOf("\n", pos);
      if (end < 0) end = text.length;
      if (marker === AT) newLine = hunkNewStart(text, pos) ?? newLine;
      else if (marker === PLUS || marker === SPACE || end === pos) newLine++;
      pos = end + 1;
    }
    return newLine;
  };
}
