import type { DiffLine, FileDiff, Hunk } from "../diff-model.js";
import type { Finding } from "../finding.js";
import { detect, scanLine } from "./detectors.js";
import { fileFlavour } from "./file-flavour.js";
import { newBlockIds } from "./key-blocks.js";
import type { RedactionCount } from "./kinds.js";
import {
  findMultiLineSecrets,
  mayHoldMultiLineSecretByPath,
  mayStartMultiLineSecret,
  mergeMultiLineSpan,
} from "./multi-line-secrets.js";
import { mayContainSecret } from "./prefilter.js";
import { secretFinding, tally } from "./secret-finding.js";
import { applySpans, type Span } from "./spans.js";

export interface RedactedFile {
  /** The input itself when nothing was redacted; otherwise a copy sharing untouched hunks and lines. */
  file: FileDiff;
  redactions: RedactionCount;
  /** One critical finding per added line that carries a secret. */
  findings: Finding[];
}

/**
 * Redacts one file's diff without touching the input. Secrets on added, deleted and
 * context lines (and in hunk headers, which quote a line of the file) are all removed from
 * the text; only those on added lines become findings, since the others were committed
 * before this change. A secret that spans lines is redacted on every line, counted once,
 * and reported once, at its first added line.
 */
export function redactFile(file: FileDiff): RedactedFile {
  const flavour = fileFlavour(file.path);
  let found: Map<DiffLine, Span[]> | undefined;
  let headers: Map<Hunk, Span[]> | undefined;
  let multiLine = mayHoldMultiLineSecretByPath(file.path);
  for (const hunk of file.hunks) {
    const inHeader = scanLine(hunk.header, flavour);
    if (inHeader) (headers ??= new Map()).set(hunk, inHeader);
    for (const line of hunk.lines) {
      if (!multiLine && mayStartMultiLineSecret(line.text)) multiLine = true;
      if (!mayContainSecret(line.text)) continue;
      const spans = detect(line.text, flavour);
      if (spans) (found ??= new Map()).set(line, spans);
    }
  }
  if (multiLine) found = addMultiLineSecrets(file, found ?? new Map());
  if (!found?.size && !headers) return { file, redactions: { total: 0, byKind: {} }, findings: [] };

  const count: RedactionCount = { total: 0, byKind: {} };
  const findings: Finding[] = [];
  const reportedBlocks = new Set<number>();
  const hunks = file.hunks.map((hunk) => {
    const inHeader = headers?.get(hunk);
    let lines: DiffLine[] | undefined;
    hunk.lines.forEach((line, i) => {
      const spans = found?.get(line);
      if (!spans) return;
      tally(count, spans);
      if (line.kind === "add" && line.newLine !== null) {
        const finding = secretFinding(file.path, line.newLine, line.text, spans, reportedBlocks);
        if (finding) findings.push(finding);
      }
      (lines ??= hunk.lines.slice())[i] = { ...line, text: applySpans(line.text, spans) };
    });
    if (inHeader) tally(count, inHeader);
    if (!lines && !inHeader) return hunk;
    return { ...hunk, header: inHeader ? applySpans(hunk.header, inHeader) : hunk.header, lines: lines ?? hunk.lines };
  });
  return { file: { ...file, hunks }, redactions: count, findings };
}

/** Multi-line secrets, found on each side of the diff, where lines are consecutive lines of a file. */
function addMultiLineSecrets(file: FileDiff, found: Map<DiffLine, Span[]>): Map<DiffLine, Span[]> {
  const blockId = newBlockIds();
  const done = new Set<DiffLine>();
  for (const otherSide of ["add", "del"] as const) {
    const lines = file.hunks.flatMap((hunk) => hunk.lines.filter((line) => line.kind !== otherSide));
    const texts = lines.map((line) => line.text);
    for (const [i, span] of findMultiLineSecrets(texts, file.path, blockId)) {
      const line = lines[i]!;
      // A context line is on both sides; its span from the first side stands.
      if (done.has(line)) continue;
      done.add(line);
      found.set(line, mergeMultiLineSpan(span, found.get(line)));
    }
  }
  return found;
}
