/**
 * A loopback OpenAI-compatible chat completions server, scripted by each test. It answers
 * POST /v1/chat/completions with whatever the test says: an answer, late, an HTTP error,
 * a reset connection, silence, a body that is not JSON. Every request is recorded.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface ChatRequestBody {
  model?: string;
  messages: { role: string; content: string }[];
  max_tokens?: number;
  temperature?: number;
  response_format?: { type: string; json_schema?: { name: string; schema: unknown; strict?: boolean } };
  [key: string]: unknown;
}

export interface RecordedRequest {
  /** 0 for the first request the server received. */
  index: number;
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: ChatRequestBody;
  /** performance.now() when the request arrived, comparable with the test's own clock. */
  receivedAt: number;
  /** performance.now() when the server answered, or undefined if it never did. */
  answeredAt: number | undefined;
  /** Requests in flight at arrival, this one included. */
  inFlight: number;
}

export type Reply =
  | {
      kind: "answer";
      content: string;
      usage?: { prompt_tokens: number; completion_tokens: number } | null;
      finishReason?: string;
      delayMs?: number;
      /** Response headers, such as a gateway's `cf-aig-log-id`. */
      headers?: Record<string, string>;
    }
  | { kind: "status"; status: number; headers?: Record<string, string>; body?: unknown; delayMs?: number }
  | { kind: "raw"; status: number; contentType: string; body: string; delayMs?: number }
  | { kind: "reset"; delayMs?: number }
  /** Sends 200 and the start of a body, then nothing: past the point where the SDK's timeout stops. */
  | { kind: "stall"; delayMs?: number }
  | { kind: "hang" };

/** Returning undefined means "not scripted": the server answers 500 saying so. */
export type ReplyHandler = (request: RecordedRequest) => Reply | undefined | Promise<Reply | undefined>;

/** Builders for the replies tests need most. */
export const reply = {
  /** `content` is the assistant message text, verbatim. */
  content: (content: string, options: Omit<Extract<Reply, { kind: "answer" }>, "kind" | "content"> = {}): Reply => ({
    kind: "answer",
    content,
    ...options,
  }),
  json: (value: unknown, options: { delayMs?: number } = {}): Reply => reply.content(JSON.stringify(value), options),
  fenced: (value: unknown): Reply => reply.content(`\`\`\`json\n${JSON.stringify(value, null, 2)}\n\`\`\``),
  prose: (value: unknown): Reply =>
    reply.content(`Here is my review of the change.\n\n${JSON.stringify(value, null, 2)}\n\nLet me know if you need more detail.`),
  status: (status: number, options: { headers?: Record<string, string>; body?: unknown; delayMs?: number } = {}): Reply => ({
    kind: "status",
    status,
    ...options,
  }),
  rateLimited: (headers: Record<string, string>): Reply =>
    reply.status(429, { headers, body: { error: { message: "Rate limit reached", type: "rate_limit_exceeded" } } }),
  /** A 200 whose body claims to be JSON and is not. */
  invalidBody: (body = '{"id": "chatcmpl-broken", "choices": [{'): Reply => ({
    kind: "raw",
    status: 200,
    contentType: "application/json",
    body,
  }),
  reset: (options: { delayMs?: number } = {}): Reply => ({ kind: "reset", ...options }),
  stall: (): Reply => ({ kind: "stall" }),
  hang: (): Reply => ({ kind: "hang" }),
  delayed: (delayMs: number, inner: Reply): Reply => (inner.kind === "hang" ? inner : { ...inner, delayMs }),
};

export interface ModelServer {
  /** Ends in `/v1`, as the openai SDK expects. */
  baseURL: string;
  /** `http://127.0.0.1:<port>`: gateways' own paths (`/v1/{account}/{gateway}/compat`) also end in `/chat/completions`. */
  origin: string;
  requests: RecordedRequest[];
  /** Most requests that were in flight at once. */
  readonly maxInFlight: number;
  /** Replies used before the handler, first in first out. */
  enqueue(...replies: Reply[]): void;
  /** Ends every connection, hanging ones included, and stops the server. */
  close(): Promise<void>;
}

export interface ModelServerScript {
  handler?: ReplyHandler;
  replies?: Reply[];
}

export async function startModelServer(script: ModelServerScript | ReplyHandler | Reply[] = {}): Promise<ModelServer> {
  const { handler, replies = [] } =
    typeof script === "function" ? { handler: script } : Array.isArray(script) ? { replies: script } : script;
  const queue = [...replies];
  const requests: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let inFlight = 0;
  let maxInFlight = 0;

  const server = createServer((req, res) => {
    const receivedAt = performance.now();
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    const inFlightAtArrival = inFlight;
    res.on("close", () => inFlight--);

    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      let body: ChatRequestBody;
      try {
        body = JSON.parse(raw) as ChatRequestBody;
      } catch {
        body = { messages: [], unparsed: raw };
      }
      const recorded: RecordedRequest = {
        index: requests.length,
        method: req.method ?? "",
        path: req.url ?? "",
        headers: req.headers,
        body,
        receivedAt,
        answeredAt: undefined,
        inFlight: inFlightAtArrival,
      };
      requests.push(recorded);

      // Any path ending in /chat/completions: gateways put the endpoint under their own prefixes.
      if (req.method !== "POST" || !/^\/[^?]*\/chat\/completions$/.test(req.url ?? "")) {
        send(res, recorded, 404, {}, { error: { message: `Unknown path ${req.url}`, type: "invalid_request_error" } });
        return;
      }
      void Promise.resolve()
        .then(() => queue.shift() ?? handler?.(recorded))
        .then((scripted) => {
          const chosen = scripted ?? unscripted(recorded);
          if (chosen.kind === "hang") return;
          const timer = setTimeout(() => {
            timers.delete(timer);
            answer(res, recorded, chosen);
          }, chosen.delayMs ?? 0);
          timers.add(timer);
        })
        .catch((error: unknown) => send(res, recorded, 500, {}, { error: { message: `model server handler failed: ${String(error)}` } }));
    });
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    origin: `http://127.0.0.1:${port}`,
    requests,
    get maxInFlight() {
      return maxInFlight;
    },
    enqueue: (...more) => void queue.push(...more),
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Without this, a hanging request (or a keep-alive socket) holds close() open forever.
      server.closeAllConnections();
      await closed;
    },
  };
}

/** Loud, so a test that forgot to script a reply fails with a reason, not a timeout. */
function unscripted(request: RecordedRequest): Reply {
  return reply.status(500, { body: { error: { message: `model server: no reply scripted for request ${request.index}` } } });
}

function answer(res: ServerResponse, request: RecordedRequest, chosen: Exclude<Reply, { kind: "hang" }>): void {
  switch (chosen.kind) {
    case "reset":
      request.answeredAt = performance.now();
      res.socket?.resetAndDestroy();
      return;
    case "status":
      send(res, request, chosen.status, chosen.headers ?? {}, chosen.body ?? "");
      return;
    case "stall":
      res.writeHead(200, { "content-type": "application/json" }).write('{"id": "chatcmpl-stalled", ');
      return;
    case "raw":
      request.answeredAt = performance.now();
      res.writeHead(chosen.status, { "content-type": chosen.contentType }).end(chosen.body);
      return;
    case "answer":
      send(res, request, 200, chosen.headers ?? {}, completion(request, chosen));
      return;
  }
}

function completion(request: RecordedRequest, chosen: Extract<Reply, { kind: "answer" }>): object {
  // Rough token counts (4 characters a token) are enough for tests to check the sums.
  const usage =
    chosen.usage === null
      ? undefined
      : (chosen.usage ?? {
          prompt_tokens: Math.ceil(JSON.stringify(request.body.messages).length / 4),
          completion_tokens: Math.ceil(chosen.content.length / 4),
        });
  return {
    id: `chatcmpl-test-${request.index}`,
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model: request.body.model ?? "unknown",
    choices: [
      {
        index: 0,
        message: { role: "assistant", content: chosen.content, refusal: null },
        finish_reason: chosen.finishReason ?? "stop",
        logprobs: null,
      },
    ],
    ...(usage ? { usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens } } : {}),
  };
}

function send(res: ServerResponse, request: RecordedRequest, status: number, headers: Record<string, string>, body: unknown): void {
  request.answeredAt = performance.now();
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, { ...(typeof body === "string" ? {} : { "content-type": "application/json" }), ...headers }).end(text);
}
