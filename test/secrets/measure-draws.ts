/**
 * The secret stage measured over many draws of the corpus: one draw's recall says little
 * when a value fails 1 time in 5,000, so the bench fills the corpus with many seeds and
 * keeps, for every case that ever failed, the seeds that replay it.
 */
import { realScanner, type SecretScanner } from "./check-case.js";
import type { CorpusCase } from "./load-corpus.js";
import { measureCorpus, type CorpusMeasure } from "./measure-corpus.js";

export interface FailedCase {
  id: string;
  family: string;
  label: "positive" | "negative";
  path: string;
  /** The problems seen, as `kind (channel)`, over all draws. */
  problems: string[];
  seeds: number[];
}

export interface DrawsMeasure {
  seeds: number[];
  draws: CorpusMeasure[];
  /** Recall of each draw (positives caught in every channel / positives). */
  recall: { min: number; mean: number; perfectDraws: number };
  falsePositives: { max: number; mean: number };
  collateral: { max: number; mean: number };
  /** Cases that failed in at least one draw, most failing first. */
  failed: FailedCase[];
}

export function measureDraws(seeds: readonly number[], cases: readonly CorpusCase[], scanner: SecretScanner = realScanner): DrawsMeasure {
  if (seeds.length === 0) throw new Error("measureDraws needs at least one seed");
  const draws = seeds.map((seed) => measureCorpus(seed, cases, scanner));
  const failed = new Map<string, FailedCase>();
  for (const draw of draws) {
    for (const r of draw.results) {
      if (r.problems.length === 0) continue;
      const key = `${r.label} ${r.id}`;
      const entry = failed.get(key) ?? { id: r.id, family: r.family, label: r.label, path: r.path, problems: [], seeds: [] };
      for (const p of r.problems) {
        const problem = `${p.kind} (${p.channel})`;
        if (!entry.problems.includes(problem)) entry.problems.push(problem);
      }
      entry.seeds.push(draw.seed);
      failed.set(key, entry);
    }
  }
  const recalls = draws.map((d) => d.caught / Math.max(d.positives, 1));
  const stats = (values: number[]) => ({ max: Math.max(...values), mean: values.reduce((a, b) => a + b, 0) / values.length });
  return {
    seeds: [...seeds],
    draws,
    recall: {
      min: Math.min(...recalls),
      mean: recalls.reduce((a, b) => a + b, 0) / recalls.length,
      perfectDraws: recalls.filter((r) => r === 1).length,
    },
    falsePositives: stats(draws.map((d) => d.falsePositives)),
    collateral: stats(draws.map((d) => d.collateral)),
    failed: [...failed.values()].sort((a, b) => b.seeds.length - a.seeds.length || a.id.localeCompare(b.id)),
  };
}
