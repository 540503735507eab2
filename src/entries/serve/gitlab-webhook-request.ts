/**
 * `POST /gitlab/webhook`: GitLab's webhooks, checked before anything is done with them.
 *
 * GitLab does not sign its deliveries; it sends the webhook's secret token as is in
 * `X-Gitlab-Token`. It is compared with GITLAB_WEBHOOK_SECRET in constant time (SHA-256
 * digests of both, so the comparison takes as long whatever the lengths), and a request
 * without it or with a wrong one gets 401 before its body is read. Then, as for GitHub: a
 * body over the size limit gets 413; a body that is not JSON, or not the payload its
 * `X-Gitlab-Event` says, gets 400; a repeated delivery (the same `X-Gitlab-Event-UUID`) is
 * answered 200 and goes no further; a delivery whose handling failed is forgotten, so that
 * GitLab's "Resend request" is handled. GitLab's events other than merge requests and
 * comments are answered 200 and ignored (GitLab disables a webhook that keeps failing); an
 * event name GitLab does not have gets 400.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "probot";
import { UserError } from "../../core/user-error.js";
import { QueueUnavailableError } from "../../queue/queue-unavailable.js";
import type { ReviewQueue } from "../../queue/review-queue.js";
import { GITLAB_EVENT_NAMES } from "./forge-event-names.js";
import { type GitLabHook, HANDLED_EVENTS, isHandledEvent, readGitLabHook } from "./gitlab-hook-payload.js";
import { announcedTooLarge, answer, header, readBody, refuse } from "./http-exchange.js";
import type { ServeJob } from "./serve-job.js";

export const GITLAB_WEBHOOK_PATH = "/gitlab/webhook";

export interface GitLabWebhookDeps {
  /** GITLAB_WEBHOOK_SECRET: the webhook's "Secret token" on GitLab. */
  secret: string;
  queue: ReviewQueue<ServeJob>;
  log: Logger;
  /** Decides what the hook asks for and enqueues it; says what it did (for the answer). */
  handle: (hook: GitLabHook, deliveryId: string, log: Logger) => Promise<string>;
}

export function gitlabWebhookHandler(deps: GitLabWebhookDeps): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const expected = digest(deps.secret);
  return async (req, res) => {
    const event = header(req, "x-gitlab-event");
    const deliveryId = header(req, "x-gitlab-event-uuid");
    const log = deps.log.child({ forge: "gitlab", deliveryId, event });
    const token = header(req, "x-gitlab-token");
    if (token === undefined || !timingSafeEqual(digest(token), expected)) {
      log.warn(`GitLab webhook refused: X-Gitlab-Token is ${token === undefined ? "missing" : "not GITLAB_WEBHOOK_SECRET"}`);
      return refuse(req, res, 401, { error: "X-Gitlab-Token is missing or wrong: set the webhook's Secret token on GitLab to GITLAB_WEBHOOK_SECRET" });
    }
    if (announcedTooLarge(req)) return refuse(req, res, 413, { error: "payload larger than 25 MB" });
    const body = await readBody(req);
    if (body === null) return refuse(req, res, 413, { error: "payload larger than 25 MB" });
    if (!event || !deliveryId) return answer(res, 400, { error: "X-Gitlab-Event and X-Gitlab-Event-UUID are required" });
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      log.warn("GitLab webhook refused: the body is not JSON");
      return answer(res, 400, { error: "the body is not JSON" });
    }
    if (!GITLAB_EVENT_NAMES.has(event)) {
      log.warn("GitLab webhook refused: no such GitLab event");
      return answer(res, 400, { error: `GitLab has no event ${JSON.stringify(event)}` });
    }
    if (!isHandledEvent(event)) {
      log.debug("GitLab event ignored");
      return answer(res, 200, { status: `${event} ignored: ai-review acts on ${HANDLED_EVENTS.join(" and ")}` });
    }
    const hook = readGitLabHook(event, json);
    if ("error" in hook) {
      log.warn(`GitLab webhook refused: ${hook.error}`);
      return answer(res, 400, { error: hook.error });
    }
    // Ids are claimed per forge: on a shared Redis a GitHub delivery with the same id must not pass for a repeat of this one.
    if (!(await deps.queue.claimDelivery(`gitlab:${deliveryId}`))) {
      log.info("repeated delivery ignored");
      return answer(res, 200, { status: "duplicate delivery ignored" });
    }
    let outcome: string;
    try {
      outcome = await deps.handle(hook, deliveryId, log);
    } catch (error) {
      await deps.queue.releaseDelivery(`gitlab:${deliveryId}`);
      if (error instanceof QueueUnavailableError) {
        log.error(`GitLab webhook answered 503, to be delivered again: ${error.message}`);
        return answer(res, 503, { error: "the review queue is unavailable; deliver again later" });
      }
      log.error({ err: error }, "GitLab webhook handling failed; a redelivery of it will be handled");
      // A message ai-review wrote for people (a token that cannot read members, ...) helps on GitLab's "Recent events" page.
      return answer(res, 500, { error: error instanceof UserError ? error.message : "handling failed; see the server log" });
    }
    answer(res, 200, { status: outcome });
  };
}

function digest(text: string): Buffer {
  return createHash("sha256").update(text, "utf8").digest();
}
