/**
 * The secret stage measured on the whole corpus: what the test asserts case by case and
 * what `npm run bench` prints as recall and false positives.
 */
import { checkCase, realScanner, type CaseResult, type SecretScanner } from "./check-case.js";
import { fillCase } from "./fill-case.js";
import { loadCorpus, type CorpusCase } from "./load-corpus.js";

export interface CorpusMeasure {
  seed: number;
  results: CaseResult[];
  positives: number;
  /** Positives whose every secret was removed and reported in every channel. */
  caught: number;
  /** Positives with text beside the secret changed, or a finding where no secret was. */
  collateral: number;
  negatives: number;
  /** Negatives with anything redacted or reported. */
  falsePositives: number;
}

/** The seed a plain test run fills the corpus with. */
export const DEFAULT_SEED = 20261202;

/** The seed of this run: the default one, a replayed one (`SECRET_CORPUS_SEED=n`), or a fresh one (`=random`). */
export function corpusSeed(env: NodeJS.ProcessEnv = process.env): number {
  const asked = env.SECRET_CORPUS_SEED;
  // One seed by default, so a test run cannot fail by the luck of a draw; `random` draws
  // one, and the bench measures recall over many draws.
  if (asked === undefined || asked === "") return DEFAULT_SEED;
  if (asked === "random") return Math.floor(Math.random() * 2 ** 32);
  const seed = Number(asked);
  if (!Number.isInteger(seed) || seed < 0 || seed >= 2 ** 32) {
    throw new Error(`SECRET_CORPUS_SEED must be an integer from 0 to 4294967295, got "${asked}"`);
  }
  return seed;
}

export function measureCorpus(seed: number, cases: readonly CorpusCase[] = loadCorpus(), scanner: SecretScanner = realScanner): CorpusMeasure {
  const results = cases.map((c) => checkCase(fillCase(c, seed), scanner));
  const positives = results.filter((r) => r.label === "positive");
  const negatives = results.filter((r) => r.label === "negative");
  return {
    seed,
    results,
    positives: positives.length,
    caught: positives.filter((r) => !r.problems.some((p) => p.kind === "missed")).length,
    collateral: positives.filter((r) => r.problems.some((p) => p.kind === "collateral")).length,
    negatives: negatives.length,
    falsePositives: negatives.filter((r) => r.problems.length > 0).length,
  };
}
