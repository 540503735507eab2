import { z } from "zod";
import type { ModelAnswer } from "./model-answer.js";
import { parseJsonAnswer } from "./parse-json-answer.js";

export type CheckedAnswer<T> = { ok: true; value: T } | { ok: false; problem: string };

/**
 * Parses and validates a model answer. The problem, when there is one, is written for the
 * model to read in a repair request: it names the fields that are wrong.
 */
export function checkAnswer<T>(answer: ModelAnswer, schema: z.ZodType<T>, maxTokens: number): CheckedAnswer<T> {
  let problem: string;
  const parsed = parseJsonAnswer(answer.content);
  if (!parsed.ok) {
    problem = answer.content === "" && answer.refusal ? `The model refused: ${answer.refusal}` : parsed.error;
  } else {
    const result = schema.safeParse(parsed.value);
    if (result.success) return { ok: true, value: result.data };
    problem = `The JSON does not match the expected format:\n${z.prettifyError(result.error)}`;
  }
  // Without this the model would likely repeat the same overlong answer and be cut off again.
  if (answer.finishReason === "length") {
    problem = `The answer was cut off at the limit of ${maxTokens} tokens; write a shorter answer. ${problem}`;
  }
  return { ok: false, problem };
}
