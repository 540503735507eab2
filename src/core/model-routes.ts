/**
 * Which models each pass tries, in order: the review pass `model` then `fallback_models`;
 * the summary pass `summary_model` (when set) and then the same list, so that a light model
 * that is down does not cost the review its overview. A name listed twice is tried once.
 */
export interface ModelRoutes {
  review: string[];
  summary: string[];
}

export function modelRoutes(config: { model: string; fallback_models: readonly string[]; summary_model?: string | undefined }): ModelRoutes {
  const review = [...new Set([config.model, ...config.fallback_models])];
  const summary = config.summary_model ? [...new Set([config.summary_model, ...review])] : review;
  return { review, summary };
}
