/**
 * The measure over many draws: per-draw recall, and every failing case kept with the seeds
 * that replay it, so the bench's figure is what the draws gave, not one lucky draw.
 */
import { describe, expect, it } from "vitest";
import type { SecretScanner } from "./check-case.js";
import { loadCorpus } from "./load-corpus.js";
import { measureCorpus } from "./measure-corpus.js";
import { measureDraws } from "./measure-draws.js";

const cases = loadCorpus();
const some = [...cases.filter((c) => c.label === "positive").slice(0, 3), ...cases.filter((c) => c.label === "negative").slice(0, 2)];

const blind: SecretScanner = {
  redactText: (text) => ({ text, redactions: [] }),
  redactFile: (file) => ({ file, redactions: { total: 0, byKind: {} }, findings: [] }),
  findCommittedSecrets: () => ({ counts: { total: 0, byKind: {} }, findings: [] }),
};

describe("measureDraws", () => {
  it("keeps every case that failed, with each seed that replays it", () => {
    const m = measureDraws([11, 22], some, blind);
    expect(m.recall).toEqual({ min: 0, mean: 0, perfectDraws: 0 });
    expect(m.falsePositives).toEqual({ max: 0, mean: 0 });
    expect(m.failed.map((f) => [f.id, f.label, f.seeds])).toEqual(
      some.filter((c) => c.label === "positive").map((c) => [c.id, "positive", [11, 22]]).sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
    expect(m.failed[0]!.problems).toContain("missed (added)");
  });

  it("gives each draw's figures as one corpus measure gives them", () => {
    const m = measureDraws([5, 6, 7], some);
    expect(m.draws).toEqual([5, 6, 7].map((seed) => measureCorpus(seed, some)));
    const recalls = m.draws.map((d) => d.caught / d.positives);
    expect(m.recall.min).toBe(Math.min(...recalls));
    expect(m.recall.perfectDraws).toBe(recalls.filter((r) => r === 1).length);
  });

  it("asks for a seed", () => {
    expect(() => measureDraws([], some)).toThrow(/at least one seed/);
  });
});
