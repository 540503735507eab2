/** Shared set-up for the ModelClient tests: a scripted server per test, closed after it. */
import { onTestFinished } from "vitest";
import { ModelClient, type ModelClientOptions } from "../../src/llm/model-client.js";
import type { ChatMessage } from "../../src/llm/review-model.js";
import { startModelServer, type ModelServer, type ModelServerScript, type Reply, type ReplyHandler } from "../support/model-server.js";

export const API_KEY = "sk-test-5f2c9e1a7b3d4c6e8f0a";
export const MODEL = "review-model-test";

export const validAnswer = {
  summary: "One real problem.",
  comments: [{ path: "src/sum.ts", line: 4, severity: "major", body: "This adds the index, not the value." }],
};

export const parsedAnswer = {
  summary: "One real problem.",
  comments: [{ path: "src/sum.ts", line: 4, side: "RIGHT", severity: "major", body: "This adds the index, not the value." }],
};

export const messages: ChatMessage[] = [
  { role: "system", content: "You are a careful code reviewer. Answer with one JSON object." },
  { role: "user", content: "Review this diff:\n4 + total += i;" },
];

export async function serve(script: ModelServerScript | ReplyHandler | Reply[]): Promise<ModelServer> {
  const server = await startModelServer(script);
  onTestFinished(() => server.close());
  return server;
}

/** Retry waits return at once: no test sleeps for real; tests that check a wait pass their own `sleep`. */
export function clientFor(server: ModelServer, options: Partial<ModelClientOptions> = {}): ModelClient {
  return new ModelClient({
    baseURL: server.baseURL,
    apiKey: API_KEY,
    model: MODEL,
    maxTokens: 2048,
    sleep: async () => {},
    timeoutMs: 5_000,
    ...options,
  });
}

/** The rejection of `promise`, failing the test if it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`rejected with a non-Error: ${String(error)}`);
  }
  throw new Error("expected a rejection, but the call succeeded");
}
