/** US dollars per million input (prompt) and output (completion) tokens, as providers publish them. */
export interface Price {
  input: number;
  output: number;
}

/** A price, or `free` for a model that costs nothing per token (a local server). */
export type ModelPrice = Price | "free";

export interface CostEstimate {
  /** The model the parts are sent to first, and the price used for them. */
  model: string;
  price: ModelPrice;
  /** `config`: from the config's `prices`; `default`: the built-in list of `pricesTaken`. */
  priceSource: "config" | "default";
  pricesTaken: string | null;
  /** Counted: every request's diff and the prompt around it; the summary pass's prompt at most (it carries the parts' answers). */
  promptTokens: number;
  /** At most this many completion tokens: every request may use its whole output cap. */
  maxCompletionTokens: number;
  promptUsd: number;
  maxCompletionUsd: number;
  maxTotalUsd: number;
  /** The summary pass, when the change gets one: its model and its share of the figures above. */
  summaryPass: { model: string; promptTokens: number; maxCompletionTokens: number; maxUsd: number } | null;
  /**
   * When a pass may fall back to other models (`models`, those after each pass's first): the
   * same tokens at the dearest price of the models each pass may go to (what a budget
   * reserves); null when one of them has no price (`unpriced`). Absent when no pass may.
   */
  fallbacks?: { models: string[]; maxTotalUsd: number | null; unpriced: string[] };
  /** How the figures were reached, in one sentence for people. */
  method: string;
}

/**
 * The worst case if calls fall back: each pass's tokens at the dearest price of its route.
 * `parts` and `summary`: the prices of the models each may go to, null for one without a price.
 */
export function withFallbacks(
  estimate: CostEstimate,
  routes: { parts: ReadonlyArray<{ model: string; price: ModelPrice | null }>; summary: ReadonlyArray<{ model: string; price: ModelPrice | null }> },
): CostEstimate {
  if (routes.parts.length < 2 && routes.summary.length < 2) return estimate;
  const first = new Set([routes.parts[0]?.model, routes.summary[0]?.model]);
  const models = [...new Set([...routes.parts, ...routes.summary].map((r) => r.model))].filter((m) => !first.has(m));
  const unpriced = models.filter((m) => [...routes.parts, ...routes.summary].some((r) => r.model === m && r.price === null));
  const dearest = (route: ReadonlyArray<{ price: ModelPrice | null }>, tokens: { prompt: number; completion: number }) =>
    Math.max(0, ...route.map((r) => costUsd(tokens, r.price ?? "free")));
  const summary = estimate.summaryPass;
  const partsTokens = {
    prompt: estimate.promptTokens - (summary?.promptTokens ?? 0),
    completion: estimate.maxCompletionTokens - (summary?.maxCompletionTokens ?? 0),
  };
  const maxTotalUsd =
    dearest(routes.parts, partsTokens) + (summary ? dearest(routes.summary, { prompt: summary.promptTokens, completion: summary.maxCompletionTokens }) : 0);
  return { ...estimate, fallbacks: { models, maxTotalUsd: unpriced.length > 0 ? null : maxTotalUsd, unpriced } };
}

/** USD for a number of prompt and completion tokens; a free model costs 0. */
export function costUsd(tokens: { prompt: number; completion: number }, price: ModelPrice): number {
  if (price === "free") return 0;
  return (tokens.prompt / 1e6) * price.input + (tokens.completion / 1e6) * price.output;
}

/**
 * Dollars for people: whole cents as cents ("$0.50"), the small sums reviews cost with four
 * decimals, and tinier ones with six (a cheap model's small review is not "$0.0000").
 */
export function formatUsd(usd: number): string {
  if (usd === 0) return "$0";
  const cents = usd * 100;
  if (Math.abs(cents - Math.round(cents)) < 1e-9) return `$${usd.toFixed(2)}`;
  return `$${usd.toFixed(usd < 0.0001 ? 6 : 4)}`;
}

/** One request (or a set of them) at a price: prompt tokens counted, the answer bounded by its cap. */
export interface RequestEstimate {
  promptTokens: number;
  maxCompletionTokens: number;
}

/**
 * What a plan will cost before any call: the prompt side is known (the diff and the prompt
 * around it, counted); the answer side can only be bounded, by the output cap per request.
 */
export function estimateCost(
  parts: RequestEstimate & { model: string; price: ModelPrice; priceSource: "config" | "default"; pricesTaken: string | null },
  summaryPass: (RequestEstimate & { model: string; price: ModelPrice }) | null,
): CostEstimate {
  const partsPromptUsd = costUsd({ prompt: parts.promptTokens, completion: 0 }, parts.price);
  const partsCompletionUsd = costUsd({ prompt: 0, completion: parts.maxCompletionTokens }, parts.price);
  const summaryPromptUsd = summaryPass ? costUsd({ prompt: summaryPass.promptTokens, completion: 0 }, summaryPass.price) : 0;
  const summaryCompletionUsd = summaryPass ? costUsd({ prompt: 0, completion: summaryPass.maxCompletionTokens }, summaryPass.price) : 0;
  const promptUsd = partsPromptUsd + summaryPromptUsd;
  const maxCompletionUsd = partsCompletionUsd + summaryCompletionUsd;
  return {
    model: parts.model,
    price: parts.price,
    priceSource: parts.priceSource,
    pricesTaken: parts.priceSource === "default" ? parts.pricesTaken : null,
    promptTokens: parts.promptTokens + (summaryPass?.promptTokens ?? 0),
    maxCompletionTokens: parts.maxCompletionTokens + (summaryPass?.maxCompletionTokens ?? 0),
    promptUsd,
    maxCompletionUsd,
    maxTotalUsd: promptUsd + maxCompletionUsd,
    summaryPass: summaryPass
      ? {
          model: summaryPass.model,
          promptTokens: summaryPass.promptTokens,
          maxCompletionTokens: summaryPass.maxCompletionTokens,
          maxUsd: summaryPromptUsd + summaryCompletionUsd,
        }
      : null,
    method:
      "input tokens are counted from the requests this plan would send; output is at most the output cap (max_output_tokens) per request, " +
      "so the total is an upper bound" +
      (summaryPass ? "; the summary pass's prompt is at most its own text plus the parts' answers it carries (each at most the output cap)" : ""),
  };
}
