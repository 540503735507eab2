/**
 * The routes of every serve process, around the webhooks (`webhook-request.ts`):
 *
 * - `GET /healthz`: liveness, 200 while the process runs, whatever Redis does (with the
 *   queue's depth when known);
 * - `GET /readyz`: 200 when the queue's store answers (Redis when REDIS_URL is set), else 503;
 * - `GET /metrics`: Prometheus text (`serve-metrics.ts`).
 *
 * A web process (or `all`) answers a webhook 503 while Redis is unreachable, before
 * anything is read or claimed, so the forge delivers it again later, and logs why. A
 * worker answers webhooks 404: they go to the web processes. Every delivery is counted by
 * its event and outcome.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "probot";
import { QueueUnavailableError } from "../../queue/queue-unavailable.js";
import type { ReviewQueue } from "../../queue/review-queue.js";
import { GITHUB_EVENT_NAMES, GITLAB_EVENT_NAMES } from "./forge-event-names.js";
import { GITLAB_WEBHOOK_PATH } from "./gitlab-webhook-request.js";
import { answer, header, refuse } from "./http-exchange.js";
import type { ScaleSettings } from "./scale-settings.js";
import type { ServeJob } from "./serve-job.js";
import type { DeliveryOutcome, ServeMetrics } from "./serve-metrics.js";
import { WEBHOOK_PATH } from "./webhook-request.js";

type Exchange = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export interface ServeRoutesDeps {
  role: ScaleSettings["role"];
  queue: ReviewQueue<ServeJob>;
  metrics: ServeMetrics;
  log: Logger;
  /** The webhooks, given a queue that tells this module of repeated deliveries. */
  webhooks: (queue: ReviewQueue<ServeJob>) => Promise<Exchange>;
}

const WEBHOOK_PATHS = new Set([WEBHOOK_PATH, `${WEBHOOK_PATH}/`, GITLAB_WEBHOOK_PATH, `${GITLAB_WEBHOOK_PATH}/`]);

export async function serveRoutes(deps: ServeRoutesDeps): Promise<Exchange> {
  const { queue, metrics, log } = deps;
  const delivery = new AsyncLocalStorage<{ duplicate: boolean }>();
  const counted: ReviewQueue<ServeJob> = {
    async claimDelivery(deliveryId) {
      const first = await queue.claimDelivery(deliveryId);
      const store = delivery.getStore();
      if (!first && store) store.duplicate = true;
      return first;
    },
    releaseDelivery: (deliveryId) => queue.releaseDelivery(deliveryId),
    enqueue: (job) => queue.enqueue(job),
    stats: () => queue.stats(),
    ping: () => queue.ping(),
    drain: () => queue.drain(),
    close: (graceMs) => queue.close(graceMs),
  };
  const webhooks = await deps.webhooks(counted);

  return async (req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (path === "/healthz" || path === "/readyz" || path === "/metrics") {
      if (req.method !== "GET" && req.method !== "HEAD") return answer(res, 405, { error: "use GET" }, { allow: "GET, HEAD" });
      // Liveness does not hang on Redis: its depth is shown when known.
      if (path === "/healthz") return answer(res, 200, { status: "ok", queue: await queue.stats().catch(() => "unavailable") });
      if (path === "/metrics") {
        const { contentType, body } = await metrics.text();
        res.writeHead(200, { "content-type": contentType }).end(body);
        return;
      }
      try {
        await queue.ping();
        return answer(res, 200, { status: "ready", role: deps.role });
      } catch (error) {
        return answer(res, 503, { status: "not ready", error: (error as Error).message });
      }
    }
    if (!WEBHOOK_PATHS.has(path)) return webhooks(req, res);
    const event = eventLabel(req);
    if (deps.role === "worker") {
      metrics.delivery(event, "refused");
      return refuse(req, res, 404, { error: "this process runs reviews only (--role worker): send webhooks to a web process" });
    }
    const store = { duplicate: false };
    res.once("finish", () => metrics.delivery(event, outcomeOf(res.statusCode, store.duplicate)));
    try {
      await queue.ping();
      // Redis may also go away mid-webhook (the claim fails, say): 503 then too, if not answered yet.
      await delivery.run(store, () => webhooks(req, res));
    } catch (error) {
      if (!(error instanceof QueueUnavailableError) || res.headersSent) throw error;
      log.error({ event }, `webhook answered 503, to be delivered again: ${error.message}`);
      return refuse(req, res, 503, { error: "the review queue is unavailable; deliver again later" });
    }
  };
}

/**
 * The delivery's event as a metric label: a name the forges have, else `other`. The header
 * is counted before the request is verified, and every distinct label value is a series
 * kept for the life of the process: raw, anyone could grow /metrics (and memory) without end.
 */
function eventLabel(req: IncomingMessage): string {
  const github = header(req, "x-github-event");
  if (github !== undefined) return GITHUB_EVENT_NAMES.has(github) ? github : "other";
  const gitlab = header(req, "x-gitlab-event");
  if (gitlab !== undefined) return GITLAB_EVENT_NAMES.has(gitlab) ? gitlab : "other";
  return "none";
}

function outcomeOf(status: number, duplicate: boolean): DeliveryOutcome {
  if (duplicate) return "duplicate";
  if (status === 503) return "unavailable";
  if (status >= 500) return "failed";
  if (status >= 400) return "refused";
  return "handled";
}
