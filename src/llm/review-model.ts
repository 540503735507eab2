/**
 * What the orchestrator needs from a model: one JSON answer per call, with what the call
 * cost. ModelClient speaks it; so can a server's shared client, a cache or a test double.
 */
import type { z } from "zod";
import type { CallUsage } from "./call-usage.js";

export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

export interface AskJsonOptions {
  /** `response_format.json_schema.name`: letters, digits, `_` and `-`, at most 64. Default "answer". */
  schemaName?: string;
  /** JSON Schema to send instead of the one derived from the zod schema. */
  jsonSchema?: Record<string, unknown>;
  signal?: AbortSignal;
  /** Which pass the call is for: a router sends the summary pass to a lighter model. Default "review". */
  pass?: "review" | "summary";
}

export interface ReviewModel {
  /**
   * The answer, parsed and validated by `schema`, and the usage of this call alone. A call
   * that fails rejects with an error that carries its usage as `usage` when it spent any
   * (ModelCallError, ModelAnswerError), so a review can count what failed calls cost.
   * `logId` is the gateway's log of the call (Cloudflare AI Gateway's `cf-aig-log-id`), when it gives one.
   * `model` is the model that answered, when the model knows it; `fellBackFrom`, the models
   * tried before it that failed, each with why.
   */
  askJson<T>(
    messages: readonly ChatMessage[],
    schema: z.ZodType<T>,
    options?: AskJsonOptions,
  ): Promise<ModelReply<T>>;
}

export interface ModelReply<T> {
  value: T;
  usage: CallUsage;
  logId?: string;
  model?: string;
  fellBackFrom?: string[];
}

/** The usage a failed call's error carries, when it carries one. */
export function usageOfFailure(error: unknown): CallUsage | undefined {
  if (typeof error !== "object" || error === null || !("usage" in error)) return undefined;
  const usage = (error as { usage: unknown }).usage;
  return typeof usage === "object" && usage !== null && "requests" in usage ? (usage as CallUsage) : undefined;
}
