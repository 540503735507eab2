import { describe, expect, it } from "vitest";
import { callCeiling, describeBudget, ReviewBudget } from "../../src/core/review-budget.js";

describe("ReviewBudget", () => {
  it("refuses a call whose most it can spend does not fit, counting what calls in flight reserved", () => {
    const budget = new ReviewBudget({ usd: 0.5 });
    const first = budget.reserve({ tokens: 1_000, usd: 0.2 })!;
    const second = budget.reserve({ tokens: 1_000, usd: 0.2 })!;
    expect(first).not.toBeNull();
    expect(second).not.toBeNull();
    // 0.2 + 0.2 reserved: a third 0.2 could end at 0.6.
    expect(budget.reserve({ tokens: 1_000, usd: 0.2 })).toBeNull();
    // What they really spent frees the rest of their reservations.
    budget.settle(first, { tokens: 500, usd: 0.05 });
    budget.settle(second, { tokens: 500, usd: 0.05 });
    expect(budget.spent).toEqual({ tokens: 1_000, usd: 0.1 });
    expect(budget.reserve({ tokens: 1_000, usd: 0.2 })).not.toBeNull();
  });

  it("accepts a call that fits to the cent", () => {
    const budget = new ReviewBudget({ usd: 0.3 });
    budget.settle(budget.reserve({ tokens: 0, usd: 0.1 })!, { tokens: 0, usd: 0.1 });
    budget.settle(budget.reserve({ tokens: 0, usd: 0.1 })!, { tokens: 0, usd: 0.1 });
    // 0.1 + 0.1 + 0.1 is 0.30000000000000004 in floating point.
    expect(budget.reserve({ tokens: 0, usd: 0.1 })).not.toBeNull();
  });

  it("keeps a call's reservation as its spend when what it spent is not known", () => {
    const budget = new ReviewBudget({ tokens: 10_000 });
    budget.settle(budget.reserve({ tokens: 4_000, usd: 0 })!, { tokens: null, usd: null });
    expect(budget.spent).toEqual({ tokens: 4_000, usd: 0 });
    expect(budget.reserve({ tokens: 6_001, usd: 0 })).toBeNull();
    expect(budget.reserve({ tokens: 6_000, usd: 0 })).not.toBeNull();
  });

  it("holds both limits when both are set", () => {
    const budget = new ReviewBudget({ tokens: 10_000, usd: 0.01 });
    expect(budget.reserve({ tokens: 100, usd: 0.02 })).toBeNull();
    expect(budget.reserve({ tokens: 20_000, usd: 0 })).toBeNull();
    expect(describeBudget(budget.limit)).toBe("$0.01 and 10,000 tokens");
  });
});

describe("callCeiling", () => {
  it("is the counted prompt and the whole output cap, at the dearest model the call may go to", () => {
    const ceiling = callCeiling({ prompt: 1_000, maxCompletion: 500 }, [{ input: 1, output: 2 }, "free", { input: 3, output: 1 }]);
    expect(ceiling.tokens).toBe(1_500);
    expect(ceiling.usd).toBeCloseTo(Math.max(1_000 * 1 + 500 * 2, 1_000 * 3 + 500 * 1) / 1e6, 15);
    expect(callCeiling({ prompt: 10, maxCompletion: 10 }, ["free"])).toEqual({ tokens: 20, usd: 0 });
  });
});
