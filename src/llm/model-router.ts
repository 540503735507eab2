/**
 * Model routing behind the ReviewModel interface, so the orchestrator asks once per part
 * and never knows how many models there are: the review pass goes to `model`, then to
 * each of `fallback_models` in order when the one before fails in a way another model can
 * help with (fallbackReason); the summary pass goes to `summary_model` first, then the same
 * list. The answer says which model gave it; the usage covers every model tried.
 */
import type { z } from "zod";
import { sumOrNull } from "./call-tally.js";
import type { CallUsage, ModelTokens } from "./call-usage.js";
import { fallbackReason } from "./fallback-reason.js";
import { usageOfFailure, type AskJsonOptions, type ChatMessage, type ModelReply, type ReviewModel } from "./review-model.js";

export interface RoutedModel {
  name: string;
  model: ReviewModel;
}

/** Every model tried failed; the message says what each one answered. */
export class ModelsFailedError extends Error {
  override readonly name = "ModelsFailedError";
  constructor(
    message: string,
    readonly usage: CallUsage | undefined,
    options: { cause: unknown },
  ) {
    super(message, options);
  }
}

export class ModelRouter implements ReviewModel {
  readonly #review: readonly RoutedModel[];
  readonly #summary: readonly RoutedModel[];

  /** `review`: the models in order; `summary`: the summary pass's, in order (default: `review`). */
  constructor(routes: { review: readonly RoutedModel[]; summary?: readonly RoutedModel[] }) {
    if (routes.review.length === 0) throw new Error("ModelRouter needs at least one model");
    this.#review = routes.review;
    this.#summary = routes.summary?.length ? routes.summary : routes.review;
  }

  async askJson<T>(messages: readonly ChatMessage[], schema: z.ZodType<T>, options: AskJsonOptions = {}): Promise<ModelReply<T>> {
    const chain = options.pass === "summary" ? this.#summary : this.#review;
    const failed: string[] = [];
    let spent: CallUsage | undefined;
    for (const [i, { name, model }] of chain.entries()) {
      try {
        const reply = await model.askJson(messages, schema, options);
        const own = withModel(reply.usage, name);
        const usage = spent ? mergeUsage(spent, own) : own;
        return { ...reply, usage, model: reply.model ?? name, ...(failed.length > 0 ? { fellBackFrom: failed } : {}) };
      } catch (error) {
        const usage = usageOfFailure(error);
        if (usage) spent = spent ? mergeUsage(spent, withModel(usage, name)) : withModel(usage, name);
        const why = fallbackReason(error);
        const last = i === chain.length - 1;
        if (why === null || last) {
          if (failed.length === 0) throw error;
          throw new ModelsFailedError(`${failed.map((f) => `model "${f}" failed`).join(", then ")}, then: ${(error as Error).message}`, spent, { cause: error });
        }
        failed.push(`${name} (${why})`);
      }
    }
    throw new Error("unreachable: the chain is not empty");
  }
}

/** A model that does not say where its tokens went spent them on the model it stands for. */
function withModel(usage: CallUsage, name: string): CallUsage {
  return usage.byModel ? usage : { ...usage, byModel: [{ model: name, calls: 1, promptTokens: usage.promptTokens, completionTokens: usage.completionTokens }] };
}

function mergeUsage(a: CallUsage, b: CallUsage): CallUsage {
  const byModel: ModelTokens[] = [...(a.byModel ?? [])];
  for (const entry of b.byModel ?? []) {
    const same = byModel.findIndex((e) => e.model === entry.model);
    if (same < 0) byModel.push(entry);
    else {
      const prior = byModel[same]!;
      byModel[same] = {
        model: entry.model,
        calls: prior.calls + entry.calls,
        promptTokens: sumOrNull(prior.promptTokens, entry.promptTokens),
        completionTokens: sumOrNull(prior.completionTokens, entry.completionTokens),
      };
    }
  }
  return {
    promptTokens: sumOrNull(a.promptTokens, b.promptTokens),
    completionTokens: sumOrNull(a.completionTokens, b.completionTokens),
    wallMs: a.wallMs + b.wallMs,
    requests: a.requests + b.requests,
    retries: a.retries + b.retries,
    repaired: a.repaired || b.repaired,
    byModel,
  };
}
