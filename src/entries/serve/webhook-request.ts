/**
 * The HTTP side of `ai-review serve`, in front of Probot and the GitLab hooks: `/healthz`,
 * the GitHub App's webhook path, GitLab's (`gitlab-webhook-request.ts`), and 404 for the
 * rest. A forge the server was not set up for answers 404 on its path, saying what to set.
 *
 * A GitHub webhook's `X-Hub-Signature-256` is checked here, in constant time, before Probot sees
 * the request, for two reasons: a request that fails it must get 401 (Probot answers 400),
 * and the delivery id may be recorded only once the request is known to come from GitHub
 * (or anyone could burn delivery ids in advance). An event name GitHub does not have, or a
 * body that is not a JSON object, gets 400 even when signed. A repeated delivery is answered 200 and
 * goes no further; a delivery whose handling failed (Probot answers an error status) is forgotten, so
 * that GitHub's redelivery is handled. A request without a well-formed signature, or whose
 * Content-Length is over GitHub's 25 MB, is answered before its body is read.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { verify } from "@octokit/webhooks-methods";
import type { Logger } from "probot";
import type { ReviewQueue } from "../../queue/review-queue.js";
import { announcedTooLarge, answer, header, readBody, refuse } from "./http-exchange.js";
import { GITHUB_EVENT_NAMES } from "./forge-event-names.js";
import { GITLAB_WEBHOOK_PATH } from "./gitlab-webhook-request.js";
import type { ServeJob } from "./serve-job.js";

/** Probot's default path, which GitHub App settings pages and docs assume. */
export const WEBHOOK_PATH = "/api/github/webhooks";
/** What GitHub sends: `sha256=` and the HMAC in hex. */
const SIGNATURE_FORMAT = /^sha256=[0-9a-f]{64}$/i;

export interface GitHubWebhookDeps {
  webhookSecret: string;
  /** Probot's node middleware; it reads the body from `req.body` when it is a string. */
  probotMiddleware: (req: IncomingMessage, res: ServerResponse) => unknown;
}

export interface WebhookRequestDeps {
  queue: ReviewQueue<ServeJob>;
  log: Logger;
  /** Null when the server answers GitLab only. */
  github: GitHubWebhookDeps | null;
  /** `POST /gitlab/webhook`; null when the server answers GitHub only. */
  gitlab: ((req: IncomingMessage, res: ServerResponse) => Promise<void>) | null;
}

type Exchange = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export function webhookRequestHandler(deps: WebhookRequestDeps): Exchange {
  const { github } = deps;
  const githubHook: Exchange | null = github && ((req, res) => handleWebhook(req, res, { ...github, queue: deps.queue, log: deps.log }));
  const hooks: Array<{ path: string; handle: Exchange | null; setUp: string }> = [
    { path: WEBHOOK_PATH, handle: githubHook, setUp: "APP_ID, PRIVATE_KEY (or PRIVATE_KEY_PATH) and WEBHOOK_SECRET" },
    { path: GITLAB_WEBHOOK_PATH, handle: deps.gitlab, setUp: "GITLAB_WEBHOOK_SECRET and AI_REVIEW_GITLAB_TOKEN" },
  ];
  return async (req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (path === "/healthz") {
      if (req.method !== "GET" && req.method !== "HEAD") return answer(res, 405, { error: "use GET" }, { allow: "GET, HEAD" });
      return answer(res, 200, { status: "ok", queue: await deps.queue.stats() });
    }
    const hook = hooks.find((candidate) => path === candidate.path || path === `${candidate.path}/`);
    if (!hook) return answer(res, 404, { error: `no route ${req.method} ${path}` });
    if (!hook.handle) return refuse(req, res, 404, { error: `this server does not answer ${hook.path}: set ${hook.setUp} to turn it on` });
    if (req.method !== "POST") return answer(res, 405, { error: "webhooks are POSTed" }, { allow: "POST" });
    await hook.handle(req, res);
  };
}

async function handleWebhook(req: IncomingMessage, res: ServerResponse, deps: GitHubWebhookDeps & Pick<WebhookRequestDeps, "queue" | "log">): Promise<void> {
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
  if (announcedTooLarge(req)) return refuse(req, res, 413, { error: "payload larger than GitHub's 25 MB limit" });
  const body = await readBody(req);
  if (body === null) return refuse(req, res, 413, { error: "payload larger than GitHub's 25 MB limit" });
  if (body.length === 0 || !(await verify(deps.webhookSecret, body, signature))) {
    log.warn("webhook refused: X-Hub-Signature-256 does not match WEBHOOK_SECRET");
    return answer(res, 401, { error: "signature does not match; check that the GitHub App's webhook secret equals WEBHOOK_SECRET" });
  }
  if (!deliveryId || !event) return answer(res, 400, { error: "X-GitHub-Delivery and X-GitHub-Event are required" });
  if (!GITHUB_EVENT_NAMES.has(event)) return answer(res, 400, { error: `GitHub has no event ${JSON.stringify(event)}` });
  if (!isJsonObject(body)) return answer(res, 400, { error: "the body is not a JSON object; set the GitHub App's webhook content type to application/json" });
  // Ids are claimed per forge: on a shared Redis a GitLab delivery with the same id must not pass for a repeat of this one.
  if (!(await deps.queue.claimDelivery(`github:${deliveryId}`))) {
    log.info("repeated delivery ignored");
    return answer(res, 200, { status: "duplicate delivery ignored" });
  }
  (req as IncomingMessage & { body?: string }).body = body;
  await deps.probotMiddleware(req, res);
  // Past the checks above, Probot answers an error only when a handler failed (with the failed API call's status).
  if (res.statusCode >= 400) {
    await deps.queue.releaseDelivery(`github:${deliveryId}`);
    log.warn({ status: res.statusCode }, "webhook handling failed; a redelivery of it will be handled");
  }
}

function isJsonObject(body: string): boolean {
  try {
    const value: unknown = JSON.parse(body);
    return typeof value === "object" && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}
