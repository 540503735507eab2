import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../src/config.js";
import { gatewayClientOptions } from "../src/llm/gateway-options.js";

describe("config: model routing, prices and budgets", () => {
  it("defaults: one model, the summary pass on it, small changes up to 40 lines, no prices of its own, no budget", () => {
    const config = parseConfig({}, "f");
    expect(config).toMatchObject({ model: "gpt-4o-mini", fallback_models: [], small_change_lines: 40, prices: {} });
    expect(config.summary_model).toBeUndefined();
    expect(config.budget).toBeUndefined();
  });

  it("reads fallback models, a summary model, prices and a budget", () => {
    const config = parseConfig(
      {
        model: "gpt-4.1",
        fallback_models: ["gpt-4o"],
        summary_model: "gpt-4.1-mini",
        prices: { "gpt-4.1": { input: 2, output: 8 }, "llama3.1:8b": "free" },
        budget: { usd: 0.5, tokens: 200_000 },
      },
      "f",
    );
    expect(config).toMatchObject({ fallback_models: ["gpt-4o"], summary_model: "gpt-4.1-mini", budget: { usd: 0.5, tokens: 200_000 } });
    expect(config.prices["llama3.1:8b"]).toBe("free");
  });

  it("refuses what cannot work, and says what to write", () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ fallback_models: "gpt-4o" }, /`fallback_models`: .*array/i],
      [{ fallback_models: [""] }, /`fallback_models.0`/],
      [{ prices: { "gpt-4o": 2.5 } }, /`prices.gpt-4o`: must be free or \{ input: USD per million tokens, output: USD per million tokens \}/],
      [{ prices: { "gpt-4o": { input: 1 } } }, /`prices.gpt-4o`/],
      [{ budget: {} }, /`budget`: set tokens, usd or both/],
      [{ budget: { dollars: 1 } }, /unknown key `budget.dollars`/],
      // The old single price names its replacement.
      [{ price: { input_per_million: 1, output_per_million: 2 } }, /`price` is now `prices`, per model: prices: \{ "gpt-4o": \{ input: 2.5, output: 10 \} \}/],
    ];
    for (const [input, message] of cases) expect(() => parseConfig(input, "f"), JSON.stringify(input)).toThrow(message);
  });

  it("refuses a dollar budget for a model whose price is not known: it could not be kept", () => {
    expect(() => parseConfig({ model: "my-model", budget: { usd: 1 } }, "f")).toThrow(
      /`budget.usd`: needs the price of model "my-model", which is not in the built-in list: add it to prices, like prices: \{ "my-model": \{ input: 2.5, output: 10 \} \}/,
    );
    expect(() => parseConfig({ fallback_models: ["my-backup"], budget: { usd: 1 } }, "f")).toThrow(/model "my-backup"/);
    expect(() => parseConfig({ summary_model: "my-light", budget: { usd: 1 } }, "f")).toThrow(/model "my-light"/);
    // A token budget needs no price; a priced or free model is fine.
    expect(parseConfig({ model: "my-model", budget: { tokens: 50_000 } }, "f").budget).toEqual({ tokens: 50_000 });
    expect(parseConfig({ model: "my-model", prices: { "my-model": "free" }, budget: { usd: 1 } }, "f").budget).toEqual({ usd: 1 });
  });

  it("wants provider/model names on Cloudflare's /compat endpoint for the fallback and summary models too", () => {
    const config = parseConfig(
      { gateway: "cloudflare", base_url: "https://gateway.ai.cloudflare.com/v1/acct/gw/compat", model: "openai/gpt-4o", fallback_models: ["gpt-4o-mini"] },
      "f",
    );
    expect(() => gatewayClientOptions(config, {})).toThrow(ConfigError);
    expect(() => gatewayClientOptions(config, {})).toThrow(/like openai\/gpt-4o-mini: write it so in fallback_models or summary_model/);
  });
});
