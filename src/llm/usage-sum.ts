import { costUsd, type ModelPrice } from "../core/estimate-cost.js";
import type { ModelUsage, ReviewUsage } from "../core/review-result.js";
import type { CallUsage, ModelTokens } from "./call-usage.js";

/**
 * The usage of one review: the sum of its own calls (chunks, repairs, the summary pass),
 * failed calls included, and per model, so each model's tokens are priced at its own
 * price. A review never reads its client's totals: a client shared by a long-running
 * server would count every review it ever ran.
 */
export class UsageSum {
  calls = 0;
  failedCalls = 0;
  requests = 0;
  retries = 0;
  /** Tokens the gateway reported; calls without usage add nothing here and count below. */
  promptTokens = 0;
  completionTokens = 0;
  callsWithoutUsage = 0;
  readonly #models = new Map<string, { calls: number; promptTokens: number; completionTokens: number; callsWithoutUsage: number }>();

  /** `mainModel`: where the tokens of a model that does not say which model it is went. */
  constructor(readonly mainModel: string) {}

  /** `usage` is undefined when a failed call's error carried none (what it spent is unknown). */
  add(usage: CallUsage | undefined, failed: boolean): void {
    this.calls++;
    if (failed) this.failedCalls++;
    if (!usage) {
      this.callsWithoutUsage++;
      this.#addModel({ model: this.mainModel, calls: 1, promptTokens: null, completionTokens: null });
      return;
    }
    this.requests += usage.requests;
    this.retries += usage.retries;
    if (usage.promptTokens === null || usage.completionTokens === null) this.callsWithoutUsage++;
    this.promptTokens += usage.promptTokens ?? 0;
    this.completionTokens += usage.completionTokens ?? 0;
    const byModel = usage.byModel ?? [{ model: this.mainModel, calls: 1, promptTokens: usage.promptTokens, completionTokens: usage.completionTokens }];
    for (const entry of byModel) this.#addModel(entry);
  }

  /** Prompt plus completion tokens so far (those reported). */
  get tokens(): number {
    return this.promptTokens + this.completionTokens;
  }

  #addModel(entry: ModelTokens): void {
    const sum = this.#models.get(entry.model) ?? { calls: 0, promptTokens: 0, completionTokens: 0, callsWithoutUsage: 0 };
    sum.calls += entry.calls;
    sum.promptTokens += entry.promptTokens ?? 0;
    sum.completionTokens += entry.completionTokens ?? 0;
    if (entry.promptTokens === null || entry.completionTokens === null) sum.callsWithoutUsage += entry.calls;
    this.#models.set(entry.model, sum);
  }

  /**
   * `priceOf` gives a model's price, null when none is known. The cost is null (unknown)
   * when any model that was called has no price, or when a call to a model that is not
   * free reported no token counts: a partial sum would read as the cost and understate it.
   */
  toReviewUsage(timeMs: number, priceOf: (model: string) => ModelPrice | null): ReviewUsage {
    const models: ModelUsage[] = [...this.#models].map(([model, sum]) => {
      const price = priceOf(model);
      return { model, ...sum, price, costUsd: knownCost(price, sum.promptTokens, sum.completionTokens, sum.callsWithoutUsage > 0) };
    });
    const costs = models.map((m) => m.costUsd);
    return {
      calls: this.calls,
      failedCalls: this.failedCalls,
      requests: this.requests,
      retries: this.retries,
      promptTokens: this.promptTokens,
      completionTokens: this.completionTokens,
      callsWithoutUsage: this.callsWithoutUsage,
      timeMs: Math.round(timeMs),
      costUsd: costs.every((c) => c !== null) ? costs.reduce((sum: number, c) => sum + c!, 0) : null,
      models,
    };
  }
}

/**
 * What one call spent, for a review's budget: null where it is not known (a gateway that
 * reported no tokens, a model without a price), so the budget keeps what it reserved.
 */
export function callSpend(
  usage: CallUsage | undefined,
  priceOf: (model: string) => ModelPrice | null,
  mainModel: string,
): { tokens: number | null; usd: number | null } {
  if (!usage) return { tokens: null, usd: null };
  const tokens = usage.promptTokens === null || usage.completionTokens === null ? null : usage.promptTokens + usage.completionTokens;
  const byModel = usage.byModel ?? [{ model: mainModel, calls: 1, promptTokens: usage.promptTokens, completionTokens: usage.completionTokens }];
  let usd: number | null = 0;
  for (const entry of byModel) {
    const unknown = entry.promptTokens === null || entry.completionTokens === null;
    const cost = knownCost(priceOf(entry.model), entry.promptTokens ?? 0, entry.completionTokens ?? 0, unknown);
    usd = cost === null || usd === null ? null : usd + cost;
  }
  return { tokens, usd };
}

/** A cost that is known: a price, and token counts (a free model costs nothing whatever they are). */
function knownCost(price: ModelPrice | null, prompt: number, completion: number, countsMissing: boolean): number | null {
  if (price === null || (countsMissing && price !== "free")) return null;
  return costUsd({ prompt, completion }, price);
}
