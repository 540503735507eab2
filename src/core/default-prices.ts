import type { Price } from "./estimate-cost.js";

/**
 * List prices in US dollars per million tokens (input, output) of common models, used when
 * the config's `prices` names none for a model: `prices` in the config overrides any of
 * them. They were taken from the published price lists of OpenAI, Anthropic and Cloudflare
 * Workers AI on the date below, and prices change: check them before relying on a figure.
 *
 * Exact names only: a dated snapshot can cost differently from its alias (gpt-4o-2024-05-13
 * does), and a wrong figure is worse than "unknown". Standard rates: no batch or cached-input
 * discount, no long-context surcharge. Behind a gateway, `openai/gpt-4o`, `anthropic/...`
 * and `workers-ai/@cf/...` are looked up without their provider (see priceOf).
 */
export const PRICES_TAKEN = "2026-03-21";

export const DEFAULT_PRICES: Readonly<Record<string, Price>> = {
  // OpenAI
  "gpt-4o": { input: 2.5, output: 10 },
  "gpt-4o-mini": { input: 0.15, output: 0.6 },
  "gpt-4.1": { input: 2, output: 8 },
  "gpt-4.1-mini": { input: 0.4, output: 1.6 },
  "gpt-4.1-nano": { input: 0.1, output: 0.4 },
  "gpt-5": { input: 1.25, output: 10 },
  "gpt-5-mini": { input: 0.25, output: 2 },
  "gpt-5-nano": { input: 0.05, output: 0.4 },
  "gpt-5.1": { input: 1.25, output: 10 },
  o1: { input: 15, output: 60 },
  o3: { input: 2, output: 8 },
  "o3-mini": { input: 1.1, output: 4.4 },
  "o4-mini": { input: 1.1, output: 4.4 },
  // Anthropic (the aliases; dated ids are listed only where the alias's price is the same model's)
  "claude-opus-4-5": { input: 5, output: 25 },
  "claude-opus-4-1": { input: 15, output: 75 },
  "claude-sonnet-4-5": { input: 3, output: 15 },
  "claude-sonnet-4-0": { input: 3, output: 15 },
  "claude-sonnet-4-20250514": { input: 3, output: 15 },
  "claude-haiku-4-5": { input: 1, output: 5 },
  "claude-3-5-haiku-latest": { input: 0.8, output: 4 },
  // Cloudflare Workers AI
  "@cf/meta/llama-3.3-70b-instruct-fp8-fast": { input: 0.293, output: 2.253 },
  "@cf/meta/llama-3.1-8b-instruct-fp8-fast": { input: 0.045, output: 0.384 },
  "@cf/meta/llama-3.1-8b-instruct": { input: 0.282, output: 0.827 },
  "@cf/openai/gpt-oss-120b": { input: 0.35, output: 0.75 },
  "@cf/openai/gpt-oss-20b": { input: 0.2, output: 0.3 },
};
