/**
 * `ai-review serve`: a GitHub App answering webhooks. Builds the Probot app from the
 * environment, an in-process review queue, and a node:http server; returns once it
 * listens. Reviews run behind the queue through the given `runJob`, never inside a
 * webhook's answer.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createNodeMiddleware, type Logger, type Options, Probot, ProbotOctokit } from "probot";
import { ConfigError } from "../../config.js";
import { InProcessQueue } from "../../queue/in-process-queue.js";
import { BoundedSet } from "./bounded-set.js";
import type { ReviewQueue } from "../../queue/review-queue.js";
import type { GitHubReviewJob } from "./github-review-job.js";
import { octokitWithAuthBaseUrl } from "./octokit-with-auth-base-url.js";
import { reviewApp } from "./review-app.js";
import type { AppIdentity, RunReviewJob } from "./run-review-job.js";
import { readServeSettings, type ServeEnv } from "./serve-settings.js";
import { webhookRequestHandler } from "./webhook-request.js";

/** Refused commenters remembered (per pull request): past that, the oldest are asked of GitHub again. */
const REMEMBERED_REFUSALS = 10_000;

export interface StartServerOptions {
  /** APP_ID, PRIVATE_KEY or PRIVATE_KEY_PATH, WEBHOOK_SECRET, PORT, HOST, GITHUB_API_URL, LOG_LEVEL, LOG_FORMAT, AI_REVIEW_CONCURRENT_REVIEWS. */
  env: ServeEnv;
  runJob: RunReviewJob;
  /** A pino logger; default: Probot's, JSON on stdout at LOG_LEVEL (LOG_FORMAT=pretty for people). */
  logger?: Logger;
  /** The clock of the delivery TTL, in milliseconds. Default `Date.now`. */
  now?: () => number;
  /** The octokit class Probot builds clients from; tests pass one without plugin-throttling's real-second spacing. */
  Octokit?: typeof ProbotOctokit;
}

export interface RunningServer {
  /** `http://host:port`, with the port really bound (PORT=0 picks a free one). */
  url: string;
  port: number;
  queue: ReviewQueue<GitHubReviewJob>;
  log: Logger;
  /** Stops listening, lets running reviews finish, and logs the waiting ones it will not run. */
  close(): Promise<void>;
}

export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const settings = await readServeSettings(options.env);
  const probot = new Probot({
    appId: settings.appId,
    privateKey: settings.privateKey,
    secret: settings.webhookSecret,
    baseUrl: settings.githubApiUrl,
    log: options.logger,
    // pino knows "silent" too; Probot's type omits it.
    logLevel: settings.logLevel as NonNullable<Options["logLevel"]>,
    logFormat: settings.logFormat,
    Octokit: octokitWithAuthBaseUrl(options.Octokit ?? ProbotOctokit, settings.githubApiUrl),
  });
  await probot.ready();
  const log = probot.log;
  const now = options.now ?? Date.now;
  // Asked once, on the first review (not at start, so a server can come up while GitHub is
  // unreachable); asked again if that failed.
  let identity: Promise<AppIdentity> | undefined;
  const appIdentity = () =>
    (identity ??= probot
      .auth()
      .then((app) => app.rest.apps.getAuthenticated())
      .then(({ data }) => ({ botLogin: `${data!.slug}[bot]` }))
      .catch((error: unknown) => {
        identity = undefined;
        throw error;
      }));

  const queue = new InProcessQueue<GitHubReviewJob>({
    concurrency: settings.concurrentReviews,
    now,
    run: async (job) => {
      const jobLog = log.child({ change: job.key, deliveryId: job.deliveryId });
      const started = now();
      jobLog.info({ mode: job.mode, trigger: job.trigger, headSha: job.headSha }, "review started");
      const octokit = await probot.auth(job.installationId);
      await options.runJob(job, octokit, jobLog, await appIdentity());
      jobLog.info({ ms: now() - started }, "review finished");
    },
    onFailure: (job, error) => {
      log.error({ err: error, change: job.key, deliveryId: job.deliveryId, mode: job.mode, trigger: job.trigger }, "review failed");
    },
  });

  const probotMiddleware = await createNodeMiddleware(reviewApp({ queue, appIdentity, refused: new BoundedSet(REMEMBERED_REFUSALS) }), { probot });
  const handle = webhookRequestHandler({ webhookSecret: settings.webhookSecret, queue, probotMiddleware, log });
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      log.error({ err: error, url: req.url }, "request failed");
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: "internal error; see the server log" }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      const where = `${settings.host ?? "all interfaces"}, port ${settings.port}`;
      if (error.code === "EADDRINUSE") reject(new ConfigError(`ai-review serve cannot listen on ${where}: the port is in use; set PORT to a free one`));
      else if (error.code === "EADDRNOTAVAIL" || error.code === "ENOTFOUND") reject(new ConfigError(`ai-review serve cannot listen on ${where}: HOST is no address of this machine`));
      else reject(error);
    });
    server.listen(settings.port, settings.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = !settings.host || settings.host === "0.0.0.0" || settings.host === "::" ? "localhost" : settings.host.includes(":") ? `[${settings.host}]` : settings.host;
  const url = `http://${shownHost}:${port}`;
  log.info({ url, webhookPath: "/api/github/webhooks", githubApiUrl: settings.githubApiUrl ?? "https://api.github.com", concurrentReviews: settings.concurrentReviews }, "ai-review serve listening");

  return {
    url,
    port,
    queue,
    log,
    async close() {
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const dropped = await queue.close();
      for (const job of dropped) log.warn({ change: job.key, deliveryId: job.deliveryId, mode: job.mode }, "review not run: the server stopped before its turn");
      await stopped;
    },
  };
}
