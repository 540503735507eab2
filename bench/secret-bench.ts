/**
 * The secret stage's figures: recall and false positives on the labelled corpus
 * (fixtures/secrets/, the same measurement the tests assert case by case), and false
 * positives per MB on real package upgrades, which hold no secret, so that everything the
 * stage redacts or reports there is a false positive. Each one is printed as path:line and
 * kind, never its text, so a person can check it.
 */
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { FileDiff } from "../src/core/diff-model.js";
import { parseHunks } from "../src/core/parse-hunks.js";
import { findCommittedSecrets, redactFile } from "../src/core/redact/index.js";
import { splitDiff } from "../src/core/split-diff.js";
import { markerKinds } from "../test/secrets/check-case.js";
import { loadCorpus } from "../test/secrets/load-corpus.js";
import { corpusSeed, DEFAULT_SEED } from "../test/secrets/measure-corpus.js";
import { measureDraws } from "../test/secrets/measure-draws.js";
import { AWS_CLIENT_UPGRADES, DATE_FNS, packageDiffPath, type PackageUpgrade } from "./fetch-large-diff.js";

const RECALL_TARGET = 1;
/** At most 1 false positive per 10 MB of real code. */
const FP_PER_MB_TARGET = 0.1;
const pct = (n: number, of: number) => `${((100 * n) / Math.max(of, 1)).toFixed(1)}%`;

/** Draws of the corpus the recall is measured over: a value that fails 1 time in 5,000 shows. */
const DRAWS = 50;

/**
 * Recall and false positives over many draws of the corpus: the test suite's seed first,
 * then fresh ones (or only the seed `SECRET_CORPUS_SEED` asks for). Every case that failed
 * in any draw is printed with the seeds that replay it.
 */
export function benchSecretCorpus(): void {
  const asked = process.env.SECRET_CORPUS_SEED;
  const seeds = asked ? [corpusSeed()] : [DEFAULT_SEED, ...Array.from({ length: DRAWS - 1 }, () => Math.floor(Math.random() * 2 ** 32))];
  const t0 = performance.now();
  const m = measureDraws(seeds, loadCorpus());
  const seconds = (performance.now() - t0) / 1000;
  const first = m.draws[0]!;
  const { positives, negatives } = first;
  console.log(`\n== secret stage on the labelled corpus (fixtures/secrets), ${seeds.length} draws of fresh values (${seconds.toFixed(1)} s) ==`);
  console.log(
    `recall per draw: min ${pct(m.recall.min * positives, positives)}, mean ${(100 * m.recall.mean).toFixed(2)}% of ${positives} positives ` +
      `caught in every channel; ${m.recall.perfectDraws}/${seeds.length} draws at 100% (target 100%)` +
      (m.recall.min >= RECALL_TARGET ? "" : "  MISSED"),
  );
  console.log(
    `false positives per draw: max ${m.falsePositives.max}, mean ${m.falsePositives.mean.toFixed(2)} of ${negatives} negatives redacted or reported (target 0)`,
  );
  console.log(`collateral per draw: max ${m.collateral.max}, mean ${m.collateral.mean.toFixed(2)} positives with other text redacted or a finding on another line (target 0)`);

  const families = [...new Set(first.results.map((r) => r.family))];
  for (const family of families) {
    const rs = m.draws.flatMap((d) => d.results.filter((r) => r.family === family));
    const pos = rs.filter((r) => r.label === "positive");
    const caught = pos.filter((r) => !r.problems.some((p) => p.kind === "missed")).length;
    const fps = rs.filter((r) => r.label === "negative" && r.problems.length > 0).length;
    const negs = rs.length - pos.length;
    const recall = pos.length ? pct(caught, pos.length) : "-";
    console.log(`  ${family.padEnd(56)} recall ${recall.padStart(7)}   false positives ${`${fps}/${negs}`.padStart(9)}`);
  }
  if (m.failed.length) console.log(`cases that failed in any draw (of ${seeds.length}):`);
  for (const f of m.failed) {
    const shown = f.seeds.slice(0, 5).join(", ") + (f.seeds.length > 5 ? `, ... (${f.seeds.length} draws)` : "");
    console.log(`  ${f.label} ${f.id} [${f.path}]: ${f.problems.join(", ")}; seeds ${shown}`);
  }
  console.log(`details of a draw: SECRET_CORPUS_SEED=<seed> npx vitest run test/secrets/secret-corpus.test.ts`);
}

interface Hit {
  where: string;
  kinds: string[];
  how: "redacted" | "reported";
}

/** Kinds of the markers in `after` that were not already in `before`. */
function addedKinds(before: string, after: string): string[] {
  const had = markerKinds(before);
  return markerKinds(after).filter((kind) => {
    const i = had.indexOf(kind);
    if (i < 0) return true;
    had.splice(i, 1);
    return false;
  });
}

/** What the secret stage does to one file: each redacted line, and findings no redaction explains. */
function fileHits(original: FileDiff, body: string): Hit[] {
  const hits: Hit[] = [];
  const { file } = redactFile(original);
  file.hunks.forEach((hunk, h) => {
    const before = original.hunks[h]!;
    const inHeader = addedKinds(before.header, hunk.header);
    if (inHeader.length) hits.push({ where: `${file.path} (hunk header ${before.header.slice(0, 40)})`, kinds: inHeader, how: "redacted" });
    hunk.lines.forEach((line, i) => {
      const kinds = addedKinds(before.lines[i]!.text, line.text);
      if (kinds.length === 0) return;
      const where = line.kind === "del" ? `${file.path}:${line.oldLine} (old side)` : `${file.path}:${line.newLine}`;
      hits.push({ where, kinds, how: "redacted" });
    });
  });
  const redactedLines = new Set(hits.map((hit) => hit.where));
  for (const finding of findCommittedSecrets(original.path, body).findings) {
    const where = `${finding.path}:${finding.line}`;
    if (!redactedLines.has(where)) hits.push({ where, kinds: ["(finding only)"], how: "reported" });
  }
  return hits;
}

/** Prints the false positives on one upgrade's diff; gives their count and the diff's size in MB. */
export function benchSecretsOnRealDiff(upgrade: PackageUpgrade): { falsePositives: number; mb: number } {
  const file = packageDiffPath(upgrade);
  const bytes = statSync(file).size;
  const text = readFileSync(file, "utf8");
  const t0 = performance.now();
  const hits: Hit[] = [];
  let files = 0;
  for (const section of splitDiff(text)) {
    if (section.binary || !section.body) continue;
    files++;
    hits.push(...fileHits(parseHunks(section), section.body));
  }
  const seconds = (performance.now() - t0) / 1000;
  const mb = bytes / 1e6;
  const spans = hits.reduce((n, hit) => n + Math.max(hit.kinds.length, 1), 0);
  const perMb = spans / mb;
  console.log(`\n== secret stage on a real diff with no secret: ${upgrade.name} ${upgrade.from} -> ${upgrade.to} (${path.basename(file)}) ==`);
  console.log(`${files} text files, ${mb.toFixed(1)} MB of diff, scanned in ${seconds.toFixed(2)} s`);
  console.log(
    `false positives: ${spans} (${hits.length} lines) = ${perMb.toFixed(3)} per MB (target <= ${FP_PER_MB_TARGET} per MB, 1 per 10 MB)` +
      (perMb <= FP_PER_MB_TARGET ? "" : "  OVER"),
  );
  const SHOWN = 60;
  for (const hit of hits.slice(0, SHOWN)) console.log(`  ${hit.where}  ${hit.how}: ${hit.kinds.join(", ")}`);
  if (hits.length > SHOWN) console.log(`  ... and ${hits.length - SHOWN} more lines`);
  return { falsePositives: spans, mb };
}

export function benchSecrets(): void {
  benchSecretCorpus();
  const real = [DATE_FNS, ...AWS_CLIENT_UPGRADES].map(benchSecretsOnRealDiff);
  const falsePositives = real.reduce((n, r) => n + r.falsePositives, 0);
  const mb = real.reduce((n, r) => n + r.mb, 0);
  const perMb = falsePositives / mb;
  console.log(
    `\nsecret stage on all real diffs: ${falsePositives} false positives in ${mb.toFixed(1)} MB = ${perMb.toFixed(3)} per MB ` +
      `(target <= ${FP_PER_MB_TARGET})` + (perMb <= FP_PER_MB_TARGET ? "" : "  OVER"),
  );
}
