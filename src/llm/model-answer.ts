/** One answer from the gateway, reduced to what the client uses. */
export interface ModelAnswer {
  content: string;
  finishReason: string | null;
  refusal: string | null;
  /** null when the gateway left `usage` out (allowed by the protocol; some local servers do). */
  promptTokens: number | null;
  completionTokens: number | null;
}
