import type { ChatMessage } from "./review-model.js";

/**
 * The conversation for the one repair request: the original request, the model's bad
 * answer as its own turn (so it corrects rather than starts over), and what was wrong.
 */
export function repairMessages(messages: readonly ChatMessage[], badAnswer: string, problem: string): ChatMessage[] {
  return [
    ...messages,
    // Gateways reject an empty assistant message; the model still needs to see its turn.
    { role: "assistant", content: badAnswer || "(empty answer)" },
    {
      role: "user",
      content:
        `Your previous answer could not be used: ${problem}\n\n` +
        "Answer again with only the corrected JSON object in the format asked for above: no prose, no code fences.",
    },
  ];
}
