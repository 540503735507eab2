/**
 * Shared set-up for the gateway tests: one small change reviewed through the whole flow
 * (config at the base, environment, the real openai SDK) against the loopback model server,
 * which records exactly what a gateway would receive.
 */
import { onTestFinished } from "vitest";
import { patchesToDiff } from "../../src/core/patches-to-diff.js";
import type { Review } from "../../src/core/review-result.js";
import { runReviewFlow, type ReviewFlowInput } from "../../src/review-flow.js";
import { FakeChangeSource, RecordingPublisher } from "../support/fake-forge.js";
import { reply, startModelServer, type ModelServer, type RecordedRequest, type Reply } from "../support/model-server.js";

export const PROVIDER_KEY = "sk-provider-7c1e9a3b5d2f4e6a";
export const GATEWAY_TOKEN = "cfaig-token-4b8d2e6f1a3c5e7b";

export const OFF_BY_ONE = { path: "src/total.ts", line: 2, severity: "major", title: "Off by one", body: "`<=` reads past the end; use `<`." };

/** One file, a few lines: one chunk and no summary pass, so one request per review. */
export const TOTAL = patchesToDiff([
  {
    path: "src/total.ts",
    oldPath: "src/total.ts",
    status: "modified",
    patch: "@@ -1,3 +1,3 @@\n export function total(items: number[]): number {\n-  let sum = 0; for (const i of items) sum += i;\n+  let sum = 0; for (let i = 0; i <= items.length; i++) sum += items[i]!;\n   return sum;\n",
  },
]);

/** Headers every request has whatever the gateway (transport, and the SDK's own); the rest are what a mode adds. */
const ALWAYS = new Set(["host", "connection", "content-length", "content-type", "accept", "accept-encoding", "accept-language", "sec-fetch-mode", "user-agent"]);

/** The headers a gateway mode controls, exactly: everything but transport and `x-stainless-*` headers. */
export function gatewayHeaders(request: RecordedRequest): Record<string, string> {
  return Object.fromEntries(
    Object.entries(request.headers).flatMap(([name, value]) =>
      ALWAYS.has(name) || name.startsWith("x-stainless-") ? [] : [[name, Array.isArray(value) ? value.join(", ") : String(value)]],
    ),
  );
}

export async function modelServer(answer: (request: RecordedRequest) => Reply = () => reply.json({ summary: "Reviewed.", comments: [OFF_BY_ONE] })) {
  const server = await startModelServer(answer);
  onTestFinished(() => server.close());
  return server;
}

export interface GatewayRun {
  review: Review;
  requests: RecordedRequest[];
}

/**
 * Reviews the change with `env` (OPENAI_BASE_URL is the server's origin + `basePath`) and
 * `config` as the base's `.ai-review.yml`.
 */
export async function reviewThrough(
  server: ModelServer,
  options: {
    basePath?: string;
    env?: Record<string, string>;
    config?: string;
    gatewayMetadata?: ReviewFlowInput["gatewayMetadata"];
    /** Default: one small file, so one request. */
    diffText?: string;
  },
): Promise<GatewayRun> {
  const publisher = new RecordingPublisher();
  await runReviewFlow({
    source: new FakeChangeSource({ change: { diffText: options.diffText ?? TOTAL }, baseFiles: options.config ? { ".ai-review.yml": options.config } : {} }),
    publisher,
    env: { OPENAI_BASE_URL: `${server.origin}${options.basePath ?? "/v1"}`, AI_REVIEW_MODEL: "gpt-4o-mini", ...options.env },
    sleep: async () => {},
    ...(options.gatewayMetadata ? { gatewayMetadata: options.gatewayMetadata } : {}),
  });
  return { review: publisher.posts[0]!.review, requests: server.requests };
}

/** The body's keys, sorted: a mode must add exactly its own fields. */
export function bodyKeys(request: RecordedRequest): string[] {
  return Object.keys(request.body).sort();
}
