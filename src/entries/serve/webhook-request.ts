/**
 * The HTTP side of `ai-review serve`, in front of Probot: `/healthz`, the webhook path, and
 * 404 for the rest.
 *
 * A webhook's `X-Hub-Signature-256` is checked here, in constant time, before Probot sees
 * the request, for two reasons: a request that fails it must get 401 (Probot answers 400),
 * and the delivery id may be recorded only once the request is known to come from GitHub
 * (or anyone could burn delivery ids in advance). A repeated delivery is answered 200 and
 * goes no further; a delivery whose handling failed (Probot answers an error status) is forgotten, so
 * that GitHub's redelivery is handled. A request without a well-formed signature, or whose
 * Content-Length is over GitHub's 25 MB, is answered before its body is read.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { verify } from "@octokit/webhooks-methods";
import type { Logger } from "probot";
import type { ReviewQueue } from "../../queue/review-queue.js";
import type { GitHubReviewJob } from "./github-review-job.js";

/** Probot's default path, which GitHub App settings pages and docs assume. */
export const WEBHOOK_PATH = "/api/github/webhooks";
/** GitHub caps webhook payloads at 25 MB. */
const MAX_BODY_BYTES = 25 * 1024 * 1024;
/** What GitHub sends: `sha256=` and the HMAC in hex. */
const SIGNATURE_FORMAT = /^sha256=[0-9a-f]{64}$/i;

export interface WebhookRequestDeps {
  webhookSecret: string;
  queue: ReviewQueue<GitHubReviewJob>;
  /** Probot's node middleware; it reads the body from `req.body` when it is a string. */
  probotMiddleware: (req: IncomingMessage, res: ServerResponse) => unknown;
  log: Logger;
}

export function webhookRequestHandler(deps: WebhookRequestDeps): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (path === "/healthz") {
      if (req.method !== "GET" && req.method !== "HEAD") return answer(res, 405, { error: "use GET" }, { allow: "GET, HEAD" });
      return answer(res, 200, { status: "ok", queue: await deps.queue.stats() });
    }
    if (path !== WEBHOOK_PATH && path !== `${WEBHOOK_PATH}/`) return answer(res, 404, { error: `no route ${req.method} ${path}` });
    if (req.method !== "POST") return answer(res, 405, { error: "webhooks are POSTed" }, { allow: "POST" });
    await handleWebhook(req, res, deps);
  };
}

async function handleWebhook(req: IncomingMessage, res: ServerResponse, deps: WebhookRequestDeps): Promise<void> {
  const deliveryId = header(req, "x-github-delivery");
  const event = header(req, "x-github-event");
  const log = deps.log.child({ deliveryId, event });
  // Refused from the headers alone, before the body is read: a request that can never
  // verify must not make the server hold up to 25 MB of it.
  const signature = header(req, "x-hub-signature-256");
  if (!signature || !SIGNATURE_FORMAT.test(signature)) {
    log.warn("webhook refused: X-Hub-Signature-256 is missing or is not sha256= and 64 hex digits");
    return refuse(req, res, 401, { error: "X-Hub-Signature-256 is missing or malformed; set the GitHub App's webhook secret to WEBHOOK_SECRET" });
  }
  const announced = Number(header(req, "content-length") ?? "0");
  if (announced > MAX_BODY_BYTES) return refuse(req, res, 413, { error: "payload larger than GitHub's 25 MB limit" });
  const body = await readBody(req);
  if (body === null) return refuse(req, res, 413, { error: "payload larger than GitHub's 25 MB limit" });
  if (body.length === 0 || !(await verify(deps.webhookSecret, body, signature))) {
    log.warn("webhook refused: X-Hub-Signature-256 does not match WEBHOOK_SECRET");
    return answer(res, 401, { error: "signature does not match; check that the GitHub App's webhook secret equals WEBHOOK_SECRET" });
  }
  if (!deliveryId || !event) return answer(res, 400, { error: "X-GitHub-Delivery and X-GitHub-Event are required" });
  if (!(await deps.queue.claimDelivery(deliveryId))) {
    log.info("repeated delivery ignored");
    return answer(res, 200, { status: "duplicate delivery ignored" });
  }
  (req as IncomingMessage & { body?: string }).body = body;
  await deps.probotMiddleware(req, res);
  // Past the checks above, Probot answers an error only when a handler failed (with the failed API call's status).
  if (res.statusCode >= 400) {
    await deps.queue.releaseDelivery(deliveryId);
    log.warn({ status: res.statusCode }, "webhook handling failed; a redelivery of it will be handled");
  }
}

/**
 * The body as text, or null once it passes the size limit: reading stops there (the
 * request is paused, not drained), and the caller answers and closes the connection.
 */
function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (result: string | null) => {
      req.off("data", onData).off("end", onEnd).off("error", onError);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.pause();
        chunks.length = 0;
        done(null);
      } else chunks.push(chunk);
    };
    const onEnd = () => done(Buffer.concat(chunks).toString("utf8"));
    const onError = (error: Error) => {
      req.off("data", onData).off("end", onEnd);
      reject(error);
    };
    req.on("data", onData).on("end", onEnd).on("error", onError);
  });
}

/**
 * Answers a request whose body is left unread, and closes its connection once the answer
 * is out: keeping it open would mean reading (or waiting for) the rest of the body.
 */
function refuse(req: IncomingMessage, res: ServerResponse, status: number, body: object): void {
  res.once("finish", () => req.socket.destroySoon());
  answer(res, status, body, { connection: "close" });
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function answer(res: ServerResponse, status: number, body: object, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", ...headers }).end(`${JSON.stringify(body)}\n`);
}
