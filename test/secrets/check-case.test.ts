/**
 * The corpus checker itself: a scanner that redacts exactly the secrets passes every case
 * (so no case is impossible), one that finds nothing misses every positive, and one that
 * redacts every line trips every negative.
 */
import { describe, expect, it } from "vitest";
import type { FileDiff } from "../../src/core/diff-model.js";
import type { Finding } from "../../src/core/finding.js";
import { redactionMarker } from "../../src/core/redact/index.js";
import { checkCase, newLineNumbers, type SecretScanner } from "./check-case.js";
import { fillCase, type FilledCase } from "./fill-case.js";
import { loadCorpus } from "./load-corpus.js";

const cases = loadCorpus();
const SEED = 7;
const MARKER = redactionMarker("private-key");

const finding = (path: string, line: number): Finding => ({
  path,
  line,
  side: "RIGHT",
  severity: "critical",
  source: "secret-scan",
  body: "secret",
});

/** Knows the case's secrets, so redacts exactly them: what a perfect scanner would do. */
function oracle(filled: FilledCase): SecretScanner {
  const parts = filled.secrets.flatMap((s) => s.parts);
  const redact = (text: string) => parts.reduce((out, part) => out.replaceAll(part, MARKER), text);
  const holds = (text: string) => parts.some((part) => text.includes(part));
  return {
    redactText: (text) => ({
      text: redact(text),
      redactions: text.split("\n").flatMap((line, i) => (holds(line) ? [{ line: i + 1 }] : [])),
    }),
    redactFile: (file: FileDiff) => {
      const findings: Finding[] = [];
      let total = 0;
      const hunks = file.hunks.map((hunk) => ({
        ...hunk,
        lines: hunk.lines.map((line) => {
          if (!holds(line.text)) return line;
          total++;
          if (line.kind === "add") findings.push(finding(file.path, line.newLine!));
          return { ...line, text: redact(line.text) };
        }),
      }));
      return { file: { ...file, hunks }, redactions: { total }, findings };
    },
    findCommittedSecrets: (path, body) => {
      const lines = body.split("\n");
      const findings = newLineNumbers(body).flatMap((line, i) => (line !== undefined && holds(lines[i]!) ? [finding(path, line)] : []));
      return { counts: { total: findings.length }, findings };
    },
  };
}

const blind: SecretScanner = {
  redactText: (text) => ({ text, redactions: [] }),
  redactFile: (file) => ({ file, redactions: { total: 0 }, findings: [] }),
  findCommittedSecrets: () => ({ counts: { total: 0 }, findings: [] }),
};

/** Redacts and reports every non-empty line. */
const paranoid: SecretScanner = {
  redactText: (text) => ({
    text: text.replace(/^.+$/gm, MARKER),
    redactions: text.split("\n").flatMap((line, i) => (line ? [{ line: i + 1 }] : [])),
  }),
  redactFile: (file) => ({
    file: { ...file, hunks: file.hunks.map((h) => ({ ...h, lines: h.lines.map((l) => ({ ...l, text: l.text ? MARKER : "" })) })) },
    redactions: { total: 1 },
    findings: file.hunks.flatMap((h) => h.lines.filter((l) => l.kind === "add" && l.text).map((l) => finding(file.path, l.newLine!))),
  }),
  findCommittedSecrets: (path) => ({ counts: { total: 1 }, findings: [finding(path, 1)] }),
};

describe("checkCase", () => {
  it("passes every case for a scanner that redacts exactly the secrets", () => {
    const failed = cases
      .map((c) => {
        const filled = fillCase(c, SEED);
        return checkCase(filled, oracle(filled));
      })
      .filter((r) => r.problems.length > 0)
      .map((r) => `${r.id}: ${r.problems.map((p) => `${p.channel} ${p.detail}`).join("; ")}`);
    expect(failed).toEqual([]);
  });

  it("reports every positive as missed, in every channel, for a scanner that finds nothing", () => {
    for (const c of cases) {
      const result = checkCase(fillCase(c, SEED), blind);
      if (c.label === "negative") {
        expect(result.problems, c.id).toEqual([]);
        continue;
      }
      const channels = new Set(result.problems.filter((p) => p.kind === "missed").map((p) => p.channel));
      expect([...channels].sort(), c.id).toEqual(c.diff ? ["added", "committed"] : ["added", "committed", "context", "text"]);
    }
  });

  it("reports every negative as a false positive, and positives as collateral, for a scanner that redacts every line", () => {
    for (const c of cases) {
      const result = checkCase(fillCase(c, SEED), paranoid);
      const kinds = new Set(result.problems.map((p) => p.kind));
      expect(kinds.has(c.label === "negative" ? "false-positive" : "collateral"), c.id).toBe(true);
    }
  });

  it("fills the same values for the same seed and fresh ones for another", () => {
    const c = cases.find((x) => x.id === "env-four-secrets")!;
    expect(fillCase(c, 1).text).toBe(fillCase(c, 1).text);
    expect(fillCase(c, 1).text).not.toBe(fillCase(c, 2).text);
  });
});
