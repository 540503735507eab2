/**
 * Which body field carries the output cap. OpenAI's reasoning models (o1, o3, o4-mini,
 * gpt-5 and later) reject `max_tokens` with a 400 and take `max_completion_tokens`; most
 * other servers (Workers AI, Ollama, vLLM, older OpenAI models behind gateways) know only
 * `max_tokens`. Those reasoning models also reject any temperature but the default.
 */
export type OutputCapField = "max_tokens" | "max_completion_tokens";

export const OUTPUT_CAP_FIELDS = ["auto", "max_tokens", "max_completion_tokens"] as const;
export type OutputCapChoice = (typeof OUTPUT_CAP_FIELDS)[number];

/** `openai/o3-mini` on a gateway's /compat endpoint is o3-mini: the provider prefix is ignored. */
const REASONING_MODEL = /^(o\d+(?:$|[-.])|gpt-5(?:$|[-.]))/i;

export function outputCapField(model: string, choice: OutputCapChoice = "auto"): OutputCapField {
  if (choice !== "auto") return choice;
  const name = model.slice(model.lastIndexOf("/") + 1);
  return REASONING_MODEL.test(name) ? "max_completion_tokens" : "max_tokens";
}
