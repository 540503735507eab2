/**
 * Runs one filled corpus case through the real redaction API, the way the pipeline meets
 * it, and lists what went wrong:
 *
 * - `text`: the snippet as free text (`redactText`, as for a title or a description);
 * - `added`: the snippet as a new file in a diff (`redactFile`), every line added;
 * - `committed`: the same hunk text read by `findCommittedSecrets`, as for a skipped file;
 * - `context`: the snippet as unchanged lines beside one added line: redacted, no finding,
 *   because the change did not commit it.
 *
 * A diff case (a hunk written by hand, e.g. a key file edited in the middle) runs through
 * `added` and `committed` as written.
 *
 * A positive passes when each secret is gone from every text, replaced by redaction markers
 * and nothing else, with a finding on its line wherever it was added, and no finding
 * anywhere else. A negative passes when nothing is changed and nothing is reported.
 */
import type { FileDiff } from "../../src/core/diff-model.js";
import type { Finding } from "../../src/core/finding.js";
import { parseDiffText } from "../../src/core/parse-diff-text.js";
import { findCommittedSecrets, redactFile, redactionMarker, redactText } from "../../src/core/redact/index.js";
import { splitDiff } from "../../src/core/split-diff.js";
import type { FilledCase, FilledSecret, Segment } from "./fill-case.js";
import type { Label } from "./load-corpus.js";

/** The API under test; a parameter so the checker itself can be tested with broken ones. */
export interface SecretScanner {
  redactText(text: string): { text: string; redactions: { line: number }[] };
  redactFile(file: FileDiff): { file: FileDiff; redactions: { total: number }; findings: Finding[] };
  findCommittedSecrets(path: string, body: string): { counts: { total: number }; findings: Finding[] };
}
export const realScanner: SecretScanner = { redactText, redactFile, findCommittedSecrets };

export type Channel = "text" | "added" | "committed" | "context";
/** missed: a secret got through; collateral: a positive's other text was touched; false-positive: a negative was. */
export type ProblemKind = "missed" | "collateral" | "false-positive";

export interface Problem {
  channel: Channel;
  kind: ProblemKind;
  detail: string;
}

export interface CaseResult {
  id: string;
  family: string;
  label: Label;
  path: string;
  secrets: number;
  problems: Problem[];
}

export function checkCase(filled: FilledCase, scanner: SecretScanner = realScanner): CaseResult {
  const c = filled.case;
  const problems: Problem[] = [];
  const channels = c.diff ? checkDiffCase(filled, scanner) : checkTextCase(filled, scanner);
  for (const [channel, found] of channels) for (const p of found) problems.push({ channel, ...p });
  return { id: c.id, family: c.family, label: c.label, path: c.path, secrets: filled.secrets.length, problems };
}

type Found = Omit<Problem, "channel">[];

function checkTextCase(filled: FilledCase, scanner: SecretScanner): [Channel, Found][] {
  const { path } = filled.case;
  const lines = filled.text.split("\n");
  const asAdded = (i: number) => i + 1;

  const text = scanner.redactText(filled.text);
  const added = newFileDiff(path, lines);
  const redacted = scanner.redactFile(parseOne(added));
  const committed = scanner.findCommittedSecrets(path, splitDiff(added)[0]!.body);
  const context = contextDiff(path, lines);
  const redactedContext = scanner.redactFile(parseOne(context));
  const committedContext = scanner.findCommittedSecrets(path, splitDiff(context)[0]!.body);
  const contextLines = newSide(redactedContext.file).slice(0, -1);

  return [
    ["text", [...checkOutput(filled, text.text), ...checkReported(filled, text.redactions, asAdded, "redaction")]],
    ["added", [...checkOutput(filled, newSide(redacted.file).join("\n")), ...checkReported(filled, redacted.findings, asAdded, "finding")]],
    ["committed", [...checkReported(filled, committed.findings, asAdded, "finding"), ...countWithout(filled, committed.counts.total)]],
    [
      "context",
      [
        ...checkOutput(filled, contextLines.join("\n")),
        ...checkReported(filled, [...redactedContext.findings, ...committedContext.findings], () => null, "finding"),
      ],
    ],
  ];
}

function checkDiffCase(filled: FilledCase, scanner: SecretScanner): [Channel, Found][] {
  const { path } = filled.case;
  const diff = diffHeaders(path) + filled.text + "\n";
  const redacted = scanner.redactFile(parseOne(diff));
  const committed = scanner.findCommittedSecrets(path, splitDiff(diff)[0]!.body);
  const newLines = newLineNumbers(filled.text);
  const asAdded = (i: number) => newLines[i] ?? null;
  return [
    ["added", [...checkOutput(filled, hunkText(redacted.file)), ...checkReported(filled, redacted.findings, asAdded, "finding")]],
    ["committed", [...checkReported(filled, committed.findings, asAdded, "finding"), ...countWithout(filled, committed.counts.total)]],
  ];
}

// ---------------------------------------------------------------------------------------
// What was sent

const [MARKER_OPEN, MARKER_CLOSE] = redactionMarker("KIND" as never).split("KIND") as [string, string];
const MARKER = `${escape(MARKER_OPEN)}[\\w-]+${escape(MARKER_CLOSE)}`;
const MARKER_GLOBAL = new RegExp(MARKER, "g");
const MARKER_KIND = new RegExp(`${escape(MARKER_OPEN)}([\\w-]+)${escape(MARKER_CLOSE)}`, "g");

/** The kinds of the redaction markers in a text, in order. */
export function markerKinds(text: string): string[] {
  return [...text.matchAll(MARKER_KIND)].map((m) => m[1]!);
}
/** A rest this short of a secret (base64 padding, a quote) reveals nothing. */
const MIN_SECRET_PIECE = 4;

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Checks the text that would be sent against the case: secrets replaced, the rest as it was. */
function checkOutput(filled: FilledCase, output: string): Found {
  const found: Found = [];
  const positive = filled.case.label === "positive";
  if (!positive) {
    if (output !== filled.text) found.push({ kind: "false-positive", detail: `changed: ${changedLines(filled.text, output)}` });
    return found;
  }
  for (const secret of filled.secrets) {
    if (secret.parts.some((part) => output.includes(part))) {
      found.push({ kind: "missed", detail: `${describe(secret)} was sent as it is` });
    }
  }
  const layout = new RegExp(`^${filled.segments.map(segmentPattern).join("")}$`).exec(output);
  if (!layout) {
    found.push({ kind: "collateral", detail: `text beside the secrets changed: ${changedLines(filled.text, output)}` });
    return found;
  }
  const regions = layout.slice(1);
  filled.secrets.forEach((secret, i) => {
    const problem = regionProblem(regions[i]!, secret);
    if (problem) found.push({ kind: problem.kind, detail: `${describe(secret)} ${problem.detail}: "${regions[i]}"` });
  });
  return found;
}

/**
 * What stands where a secret's value was must be markers and pieces of the value that are
 * no secret (a webhook's host, a key's armor lines and line breaks), nothing invented and
 * no piece of the secret itself.
 */
function regionProblem(region: string, secret: FilledSecret): Omit<Problem, "channel"> | null {
  if (secret.parts.some((part) => region.includes(part))) return null; // reported as sent already
  const pieces = region.split(MARKER_GLOBAL);
  if (pieces.length < 2) return { kind: "collateral", detail: "changed but not by a redaction marker" };
  for (const piece of pieces.map((p) => p.trim()).filter((p) => p.length >= MIN_SECRET_PIECE)) {
    if (!secret.value.includes(piece)) return { kind: "collateral", detail: "replaced by something other than a marker" };
    if (secret.parts.some((part) => part.includes(piece))) return { kind: "missed", detail: "only partly redacted" };
  }
  return null;
}

function segmentPattern(segment: Segment): string {
  return segment.kind === "secret" ? "([\\s\\S]*?)" : escape(segment.text);
}

function changedLines(before: string, after: string): string {
  const old = before.split("\n");
  const changed = after
    .split("\n")
    .map((line, i) => (line === old[i] ? null : `line ${i + 1}: ${line}`))
    .filter((line) => line !== null);
  return changed.slice(0, 4).join(" | ") + (changed.length > 4 ? ` | ... ${changed.length - 4} more` : "");
}

const describe = (secret: FilledSecret) => `{{${secret.spec}}} (line ${secret.firstLine + 1})`;

// ---------------------------------------------------------------------------------------
// What was reported

/**
 * Each secret added by the change needs a finding (or a redaction) on one of its lines (the
 * lines of a key body are one secret), and none may be reported where no secret was added.
 * `reportedLine` gives the line number a report would carry for a line of the case, or
 * null when that line was not added.
 */
function checkReported(
  filled: FilledCase,
  reports: readonly { line: number }[],
  reportedLine: (index: number) => number | null,
  what: "finding" | "redaction",
): Found {
  const found: Found = [];
  const positive = filled.case.label === "positive";
  const allowed = new Set<number>();
  for (const group of secretGroups(filled.secrets)) {
    const lines: number[] = [];
    for (const secret of group) {
      for (let i = secret.firstLine; i <= secret.lastLine; i++) {
        const line = reportedLine(i);
        if (line !== null) lines.push(line);
      }
    }
    lines.forEach((line) => allowed.add(line));
    if (lines.length && !reports.some((r) => lines.includes(r.line))) {
      found.push({ kind: "missed", detail: `no ${what} for ${describe(group[0]!)}` });
    }
  }
  const lines = filled.text.split("\n");
  for (const report of reports) {
    if (allowed.has(report.line)) continue;
    const text = lines.find((_, i) => reportedLine(i) === report.line);
    found.push({
      kind: positive ? "collateral" : "false-positive",
      detail: `${what} on line ${report.line}, where no secret was added${text === undefined ? "" : `: ${text.trim().slice(0, 160)}`}`,
    });
  }
  return found;
}

/** A negative counts nothing; a count on a positive is checked through its findings. */
function countWithout(filled: FilledCase, total: number): Found {
  return filled.case.label === "negative" && total > 0
    ? [{ kind: "false-positive", detail: `counted ${total} committed secret(s)` }]
    : [];
}

/** Secrets in their order; consecutive lines of a key body form one group. */
function secretGroups(secrets: readonly FilledSecret[]): FilledSecret[][] {
  const groups: FilledSecret[][] = [];
  for (const secret of secrets) {
    const last = groups.at(-1)?.at(-1);
    if (last && secret.keyLine && last.keyLine && secret.firstLine === last.lastLine + 1) groups.at(-1)!.push(secret);
    else groups.push([secret]);
  }
  return groups;
}

// ---------------------------------------------------------------------------------------
// Building diffs

function diffHeaders(path: string, created = false): string {
  return created
    ? `diff --git a/${path} b/${path}\nnew file mode 100644\nindex 0000000..1a2b3c4\n--- /dev/null\n+++ b/${path}\n`
    : `diff --git a/${path} b/${path}\nindex 1a2b3c4..5d6e7f8 100644\n--- a/${path}\n+++ b/${path}\n`;
}

function newFileDiff(path: string, lines: readonly string[]): string {
  return `${diffHeaders(path, true)}@@ -0,0 +1,${lines.length} @@\n${lines.map((l) => "+" + l).join("\n")}\n`;
}

/** The snippet unchanged, with one blank line added after it. */
function contextDiff(path: string, lines: readonly string[]): string {
  const n = lines.length;
  return `${diffHeaders(path)}@@ -1,${n} +1,${n + 1} @@\n${lines.map((l) => " " + l).join("\n")}\n+\n`;
}

function parseOne(diff: string): FileDiff {
  const files = parseDiffText(diff);
  if (files.length !== 1) throw new Error(`expected one file in the case's diff, got ${files.length}`);
  return files[0]!;
}

function newSide(file: FileDiff): string[] {
  return file.hunks.flatMap((hunk) => hunk.lines.filter((line) => line.kind !== "del").map((line) => line.text));
}

const MARKERS = { add: "+", del: "-", context: " " } as const;

/** A file's hunks written back as hunk text, to compare with a diff case's template. */
function hunkText(file: FileDiff): string {
  return file.hunks
    .flatMap((hunk) => [hunk.header, ...hunk.lines.map((line) => MARKERS[line.kind] + line.text)])
    .join("\n");
}

/** The new-file line number of each added line of hunk text, by line index. */
export function newLineNumbers(body: string): (number | undefined)[] {
  const numbers: (number | undefined)[] = [];
  let next = 0;
  body.split("\n").forEach((line, i) => {
    const header = /^@@ -\d+(?:,\d+)? \+(\d+)/.exec(line);
    if (header) next = Number(header[1]);
    else if (line.startsWith("+")) numbers[i] = next++;
    else if (!line.startsWith("-")) next++;
  });
  return numbers;
}
