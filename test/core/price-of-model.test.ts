import { describe, expect, it } from "vitest";
import { costUsd, formatUsd } from "../../src/core/estimate-cost.js";
import { DEFAULT_PRICES, PRICES_TAKEN } from "../../src/core/default-prices.js";
import { priceOf } from "../../src/core/price-of-model.js";

describe("priceOf", () => {
  it("finds a common model in the built-in list, with the date its prices were taken", () => {
    expect(priceOf("gpt-4o-mini", {})).toEqual({ price: { input: 0.15, output: 0.6 }, source: "default", taken: PRICES_TAKEN });
    for (const model of ["gpt-4o", "gpt-4.1", "gpt-4.1-mini", "gpt-5", "gpt-5-mini", "o3", "o4-mini", "claude-sonnet-4-5", "@cf/meta/llama-3.3-70b-instruct-fp8-fast"]) {
      expect(priceOf(model, {}), model).not.toBeNull();
    }
  });

  it("reads a gateway's provider/model name as the provider's model", () => {
    expect(priceOf("openai/gpt-4o", {})?.price).toEqual(DEFAULT_PRICES["gpt-4o"]);
    expect(priceOf("anthropic/claude-haiku-4-5", {})?.price).toEqual(DEFAULT_PRICES["claude-haiku-4-5"]);
    expect(priceOf("workers-ai/@cf/meta/llama-3.1-8b-instruct", {})?.price).toEqual(DEFAULT_PRICES["@cf/meta/llama-3.1-8b-instruct"]);
  });

  it("takes the config's price first, by the full name or without the provider", () => {
    expect(priceOf("gpt-4o", { "gpt-4o": { input: 1, output: 2 } })).toEqual({ price: { input: 1, output: 2 }, source: "config", taken: null });
    expect(priceOf("openai/gpt-4o", { "gpt-4o": "free" })?.price).toBe("free");
    expect(priceOf("llama3.1:8b", { "llama3.1:8b": "free" })?.price).toBe("free");
  });

  it("never guesses from a similar name: a dated snapshot or an unknown model has no price", () => {
    expect(priceOf("gpt-4o-2024-05-13", {})).toBeNull();
    expect(priceOf("my-local-model", {})).toBeNull();
    expect(priceOf("someone/gpt-4o", {})).toBeNull();
    expect(priceOf("toString", {})).toBeNull();
  });
});

describe("costUsd and formatUsd", () => {
  it("prices prompt and completion tokens per million, a free model at 0", () => {
    expect(costUsd({ prompt: 2_000_000, completion: 500_000 }, { input: 2.5, output: 10 })).toBe(10);
    expect(costUsd({ prompt: 1_234, completion: 567 }, { input: 0.15, output: 0.6 })).toBeCloseTo((1_234 * 0.15 + 567 * 0.6) / 1e6, 15);
    expect(costUsd({ prompt: 1e9, completion: 1e9 }, "free")).toBe(0);
  });

  it("shows whole cents as cents and small sums with four decimals", () => {
    expect([formatUsd(0.5), formatUsd(12), formatUsd(0.0123), formatUsd(0.00004), formatUsd(0)]).toEqual(["$0.50", "$12.00", "$0.0123", "$0.000040", "$0"]);
  });
});
