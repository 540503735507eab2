import { costUsd, formatUsd, type ModelPrice } from "./estimate-cost.js";

/** What a call spends, or may spend: tokens (prompt plus completion) and US dollars. */
export interface Spend {
  tokens: number;
  usd: number;
}

export interface BudgetLimit {
  tokens?: number;
  usd?: number;
}

export interface Reservation {
  readonly estimate: Spend;
}

/**
 * A review's budget, kept so that it is never exceeded: before a call is sent, the most it
 * can spend is reserved (its prompt, counted, and its whole output cap, at the dearest
 * price of the models it may go to); when it ends, the reservation is replaced by what it
 * really spent. A call whose reservation does not fit is not sent. The reservation holds
 * for calls in flight, so parts sent at once cannot together go past the budget either.
 */
export class ReviewBudget {
  readonly limit: BudgetLimit;
  #spent: Spend = { tokens: 0, usd: 0 };
  #reserved: Spend = { tokens: 0, usd: 0 };

  constructor(limit: BudgetLimit) {
    this.limit = limit;
  }

  get spent(): Spend {
    return { ...this.#spent };
  }

  /** Null when the call could go past the budget: then it must not be sent. */
  reserve(estimate: Spend): Reservation | null {
    const tokens = this.#spent.tokens + this.#reserved.tokens + estimate.tokens;
    const usd = this.#spent.usd + this.#reserved.usd + estimate.usd;
    if (this.limit.tokens !== undefined && tokens > this.limit.tokens) return null;
    // A rounding error must not refuse a call that fits to the cent.
    if (this.limit.usd !== undefined && usd > this.limit.usd + 1e-12) return null;
    this.#reserved = add(this.#reserved, estimate, 1);
    return { estimate };
  }

  /** `actual`: what the call spent; null where it is not known (then the reservation counts). */
  settle(reservation: Reservation, actual: { tokens: number | null; usd: number | null }): void {
    this.#reserved = add(this.#reserved, reservation.estimate, -1);
    this.#spent = add(this.#spent, { tokens: actual.tokens ?? reservation.estimate.tokens, usd: actual.usd ?? reservation.estimate.usd }, 1);
  }

  describe(): string {
    return describeBudget(this.limit);
  }
}

/** "$0.50", "20,000 tokens", or both: how the summary, the plan and the text name a budget. */
export function describeBudget(limit: BudgetLimit): string {
  const parts: string[] = [];
  if (limit.usd !== undefined) parts.push(formatUsd(limit.usd));
  if (limit.tokens !== undefined) parts.push(`${limit.tokens.toLocaleString("en-US")} tokens`);
  return parts.join(" and ");
}

/**
 * The most one call can spend: its prompt (counted) and its whole output cap, at the
 * dearest price among the models it may be sent to (a fallback may answer it).
 */
export function callCeiling(tokens: { prompt: number; maxCompletion: number }, prices: readonly ModelPrice[]): Spend {
  const usd = Math.max(0, ...prices.map((price) => costUsd({ prompt: tokens.prompt, completion: tokens.maxCompletion }, price)));
  return { tokens: tokens.prompt + tokens.maxCompletion, usd };
}

function add(a: Spend, b: Spend, sign: 1 | -1): Spend {
  return { tokens: a.tokens + sign * b.tokens, usd: a.usd + sign * b.usd };
}
