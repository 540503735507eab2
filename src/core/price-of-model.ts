import { DEFAULT_PRICES, PRICES_TAKEN } from "./default-prices.js";
import type { ModelPrice } from "./estimate-cost.js";

export interface FoundPrice {
  price: ModelPrice;
  source: "config" | "default";
  /** The date of the built-in list, for a default price. */
  taken: string | null;
}

/**
 * Gateways' provider prefixes (Cloudflare AI Gateway's /compat endpoint, `workers-ai/@cf/...`):
 * behind them the model is the provider's own and costs what the provider charges.
 */
const PROVIDER_PREFIX = /^(openai|anthropic|workers-ai)\/(.+)$/;

/**
 * The price of a model: the config's `prices` first (by the exact name, then without a
 * gateway's provider prefix), then the built-in list the same way. Null when neither has
 * it: the cost is then unknown, never guessed from a similar name.
 */
export function priceOf(model: string, configured: Readonly<Record<string, ModelPrice>>): FoundPrice | null {
  const bare = PROVIDER_PREFIX.exec(model)?.[2];
  for (const name of bare ? [model, bare] : [model]) {
    if (Object.hasOwn(configured, name)) return { price: configured[name]!, source: "config", taken: null };
  }
  for (const name of bare ? [model, bare] : [model]) {
    if (Object.hasOwn(DEFAULT_PRICES, name)) return { price: DEFAULT_PRICES[name]!, source: "default", taken: PRICES_TAKEN };
  }
  return null;
}
