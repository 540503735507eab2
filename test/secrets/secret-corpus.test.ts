/**
 * Every case of the labelled secret corpus (fixtures/secrets/) through the real redaction
 * API: each positive's secret leaves no trace in what is sent and gets a finding where it
 * was added; each negative comes out untouched and unreported. Values are made at test time
 * from a fixed seed (SECRET_CORPUS_SEED=random draws a new one; `npm run bench -- secrets`
 * measures recall over many draws); a failure names the seed that replays it.
 */
import { describe, expect, it } from "vitest";
import { checkCase } from "./check-case.js";
import { fillCase } from "./fill-case.js";
import { loadCorpus } from "./load-corpus.js";
import { corpusSeed } from "./measure-corpus.js";

const seed = corpusSeed();
const cases = loadCorpus();
const replay = `fake values from seed ${seed}; replay: SECRET_CORPUS_SEED=${seed} npx vitest run test/secrets/secret-corpus.test.ts`;

describe("the secret corpus", () => {
  it("holds at least 150 positives and 150 negatives, across formats", () => {
    const positives = cases.filter((c) => c.label === "positive");
    const negatives = cases.filter((c) => c.label === "negative");
    expect(positives.length).toBeGreaterThanOrEqual(150);
    expect(negatives.length).toBeGreaterThanOrEqual(150);
    expect(new Set(cases.map((c) => c.family)).size).toBeGreaterThanOrEqual(8);
  });

  it("has key files edited in the middle: hunks of key lines with no BEGIN or END line", () => {
    const midKey = cases.filter(
      (c) => c.label === "positive" && c.diff && c.template.includes("{{key-line") && !/-----(?:BEGIN|END)/.test(c.template),
    );
    expect(midKey.length).toBeGreaterThanOrEqual(3);
  });
});

for (const family of [...new Set(cases.map((c) => c.family))]) {
  describe(family, () => {
    for (const c of cases.filter((x) => x.family === family)) {
      it(`${c.label}: ${c.id} (${c.path})`, () => {
        const { problems } = checkCase(fillCase(c, seed));
        expect(problems.map((p) => `${p.channel}: ${p.kind}: ${p.detail}`), replay).toEqual([]);
      });
    }
  });
}
