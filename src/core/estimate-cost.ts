/** Prices in USD per million tokens, as gateways publish them. */
export interface Price {
  input_per_million: number;
  output_per_million: number;
}

export interface CostEstimate {
  promptTokens: number;
  /** At most this many completion tokens: every request may use its whole max_tokens. */
  maxCompletionTokens: number;
  promptUsd: number;
  maxCompletionUsd: number;
  maxTotalUsd: number;
}

/** USD for a number of prompt and completion tokens. */
export function costUsd(tokens: { prompt: number; completion: number }, price: Price): number {
  return (tokens.prompt / 1e6) * price.input_per_million + (tokens.completion / 1e6) * price.output_per_million;
}

/**
 * What a plan will cost before any call: the prompt side is known (diff tokens plus the
 * prompt kept per request); the answer side can only be bounded, by max_tokens per request.
 */
export function estimateCost(
  plan: { diffTokens: number; requests: number },
  perRequest: { promptOverheadTokens: number; maxOutputTokens: number },
  price: Price,
): CostEstimate {
  const promptTokens = plan.diffTokens + plan.requests * perRequest.promptOverheadTokens;
  const maxCompletionTokens = plan.requests * perRequest.maxOutputTokens;
  const promptUsd = costUsd({ prompt: promptTokens, completion: 0 }, price);
  const maxCompletionUsd = costUsd({ prompt: 0, completion: maxCompletionTokens }, price);
  return { promptTokens, maxCompletionTokens, promptUsd, maxCompletionUsd, maxTotalUsd: promptUsd + maxCompletionUsd };
}
