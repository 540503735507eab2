/**
 * The cost of a review end to end: each model's tokens at its own price (the config's
 * `prices`, else the built-in list), in the JSON review, the summary and the CLI's text;
 * "unknown" rather than a wrong figure when a model has no price.
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_PRICES } from "../src/core/default-prices.js";
import { reply, type RecordedRequest } from "./support/model-server.js";
import { configuredReview, diffOf, isSummaryPass } from "./support/configured-review.js";

const PART_USAGE = { prompt_tokens: 1_000, completion_tokens: 100 };
const SUMMARY_USAGE = { prompt_tokens: 400, completion_tokens: 50 };

/** Fixed token counts, so the cost can be worked out by hand. */
const counted = (request: RecordedRequest) =>
  isSummaryPass(request)
    ? reply.content(JSON.stringify({ summary: "Overall." }), { usage: SUMMARY_USAGE })
    : reply.content(JSON.stringify({ summary: "Part.", comments: [] }), { usage: PART_USAGE });

const MULTI_PART = diffOf({ "src/a.ts": 20, "src/b.ts": 20, "src/c.ts": 20 });
const SMALL = diffOf({ "src/a.ts": 2 });

describe("the cost of a review", () => {
  it("prices each model's tokens at its own price, and shows the sum in the JSON, the summary and the text", async () => {
    const config = "request_token_budget: 400\nmodel: strong-model\nsummary_model: light-model\nprices:\n  strong-model: { input: 2, output: 8 }\n  light-model: { input: 0.5, output: 1 }\n";
    const { review } = await configuredReview({ diff: MULTI_PART, config, model: counted });
    const parts = review!.parts.length;
    expect(parts).toBeGreaterThanOrEqual(2);

    const strong = parts * (1_000 * 2 + 100 * 8) / 1e6;
    const light = (400 * 0.5 + 50 * 1) / 1e6;
    expect(review!.usage.models).toEqual([
      { model: "strong-model", calls: parts, promptTokens: parts * 1_000, completionTokens: parts * 100, callsWithoutUsage: 0, price: { input: 2, output: 8 }, costUsd: expect.closeTo(strong, 12) },
      { model: "light-model", calls: 1, promptTokens: 400, completionTokens: 50, callsWithoutUsage: 0, price: { input: 0.5, output: 1 }, costUsd: expect.closeTo(light, 12) },
    ]);
    expect(review!.usage.costUsd).toBeCloseTo(strong + light, 12);
    expect(review!.summary).toContain(`about $${(strong + light).toFixed(4)} (strong-model $${strong.toFixed(4)}, light-model $${light.toFixed(4)})`);

    const text = await configuredReview({ diff: MULTI_PART, config, model: counted, format: "text" });
    expect(text.run.stdout).toContain(`about $${(strong + light).toFixed(4)} (strong-model`);
  });

  it("uses the built-in price of a common model, also behind a gateway's provider prefix", async () => {
    for (const model of ["gpt-4o", "openai/gpt-4o"]) {
      const { review } = await configuredReview({ diff: SMALL, config: `model: ${model}\n`, model: counted });
      const price = DEFAULT_PRICES["gpt-4o"]!;
      expect(review!.usage.models[0]!.price).toEqual(price);
      expect(review!.usage.costUsd).toBeCloseTo((1_000 * price.input + 100 * price.output) / 1e6, 12);
    }
  });

  it("lets the config override a built-in price", async () => {
    const { review } = await configuredReview({ diff: SMALL, config: "model: gpt-4o\nprices:\n  gpt-4o: { input: 1, output: 1 }\n", model: counted });
    expect(review!.usage.costUsd).toBeCloseTo(1_100 / 1e6, 12);
  });

  it("says the cost is unknown, and what to add, for a model without a price: never a wrong figure", async () => {
    const { review, run } = await configuredReview({ diff: SMALL, config: "model: mystery-model\n", model: counted });
    expect(review!.usage.costUsd).toBeNull();
    expect(review!.usage.models).toEqual([expect.objectContaining({ model: "mystery-model", price: null, costUsd: null })]);
    expect(review!.summary).toContain("cost unknown (no price for `mystery-model`: add it to prices in .ai-review.yml)");
    expect(run.code).toBe(0);
  });

  it("makes the whole cost unknown when one of the models called has no price", async () => {
    const config = "request_token_budget: 400\nmodel: strong-model\nsummary_model: light-model\nprices:\n  strong-model: { input: 2, output: 8 }\n";
    const { review } = await configuredReview({ diff: MULTI_PART, config, model: counted });
    expect(review!.usage.models.map((m) => [m.model, m.costUsd === null])).toEqual([["strong-model", false], ["light-model", true]]);
    expect(review!.usage.costUsd).toBeNull();
    expect(review!.summary).toContain("cost unknown (no price for `light-model`");
  });

  it("counts a free model as $0, even when its server reports no tokens", async () => {
    const { review } = await configuredReview({
      diff: SMALL,
      config: "model: qwen2.5-coder:14b\nprices:\n  qwen2.5-coder:14b: free\n",
      model: () => reply.content(JSON.stringify({ summary: "Part.", comments: [] }), { usage: null }),
    });
    expect(review!.usage).toMatchObject({ costUsd: 0, callsWithoutUsage: 1 });
    expect(review!.summary).toContain("about $0");
  });
});
