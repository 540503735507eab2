import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { postByBisection, type BatchOutcome } from "../../../src/forges/github/post-by-bisection.js";

/** A forge that refuses a batch whole when it holds a bad item, as GitHub does with a review. */
function forge(bad: ReadonlySet<number>) {
  const posted: number[] = [];
  const post = async (batch: readonly number[]): Promise<BatchOutcome> => {
    const culprit = batch.find((item) => bad.has(item));
    if (culprit !== undefined) return { posted: false, reason: `item ${culprit} is off the diff` };
    posted.push(...batch);
    return { posted: true };
  };
  return { posted, post };
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe("postByBisection", () => {
  it("posts everything in one call when nothing is refused", async () => {
    const { posted, post } = forge(new Set());
    const result = await postByBisection(range(100), post);
    expect(result).toEqual({ posted: [range(100)], rejected: [], calls: 1 });
    expect(posted).toEqual(range(100));
  });

  it("finds one bad item among 100 in a few calls and posts the other 99 once", async () => {
    const { posted, post } = forge(new Set([37]));
    const result = await postByBisection(range(100), post);
    expect(result.rejected).toEqual([{ item: 37, reason: "item 37 is off the diff" }]);
    expect([...posted].sort((a, b) => a - b)).toEqual(range(100).filter((i) => i !== 37));
    expect(result.calls).toBeLessThanOrEqual(1 + 2 * Math.ceil(Math.log2(100)));
  });

  it("does not try a half it knows holds the bad item, nor a known-bad single", async () => {
    const { post } = forge(new Set([1]));
    // [0,1] refused -> [0] posted, so [1] is bad without a call: 2 calls.
    expect((await postByBisection([0, 1], post)).calls).toBe(2);
  });

  it("refuses a single bad item after one call", async () => {
    const { posted, post } = forge(new Set([0]));
    expect(await postByBisection([0], post)).toEqual({ posted: [], rejected: [{ item: 0, reason: "item 0 is off the diff" }], calls: 1 });
    expect(posted).toEqual([]);
  });

  it("posts every good item exactly once and rejects exactly the bad ones, whatever they are", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 60 }), fc.array(fc.integer({ min: 0, max: 59 }), { maxLength: 10 }), async (n, badList) => {
        const bad = new Set(badList.filter((b) => b < n));
        const { posted, post } = forge(bad);
        const result = await postByBisection(range(n), post);
        expect([...posted].sort((a, b) => a - b)).toEqual(range(n).filter((i) => !bad.has(i)));
        expect(result.rejected.map((r) => r.item).sort((a, b) => a - b)).toEqual([...bad].sort((a, b) => a - b));
        expect(result.calls).toBeLessThanOrEqual(n === 0 ? 0 : Math.max(1, 2 * n - 1));
      }),
    );
  });
});
