/**
 * `ai-review serve`: a GitHub App and a GitLab webhook receiver answering on one port. Builds
 * the Probot app and the GitLab client from the environment (either side may be off), one
 * review queue for both (in this process, or BullMQ on Redis: `serve-queue.ts`), and a
 * node:http server; returns once it listens. Reviews run behind the queue through the
 * given `runJob` and `runGitLabJob`, never inside a webhook's answer; which one by the
 * job's key (`github:` or `gitlab:`), so one worker runs both. A review that fails its last
 * attempt is logged and reported on the change (`reportFailure`, `reportGitLabFailure`).
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { pino } from "pino";
import { createNodeMiddleware, type Logger, type Options, Probot, ProbotOctokit } from "probot";
import { ConfigError } from "../../config.js";
import { createGitLabApi } from "../../forges/gitlab/create-gitlab-api.js";
import { explainGitLabFailure } from "../../forges/gitlab/explain-gitlab-failure.js";
import type { ReviewQueue } from "../../queue/review-queue.js";
import { UserError } from "../../core/user-error.js";
import { BoundedSet } from "./bounded-set.js";
import { gitlabHooks } from "./gitlab-hooks.js";
import type { GitLabServeSettings } from "./gitlab-serve-settings.js";
import { GITLAB_WEBHOOK_PATH, gitlabWebhookHandler } from "./gitlab-webhook-request.js";
import { octokitWithAuthBaseUrl } from "./octokit-with-auth-base-url.js";
import { reviewApp } from "./review-app.js";
import type { AppIdentity, GitLabIdentity, ReportGitHubFailure, ReportGitLabFailure, RunGitLabReviewJob, RunReviewJob } from "./run-review-job.js";
import { readScaleSettings, type ScaleSettings } from "./scale-settings.js";
import type { ServeJob } from "./serve-job.js";
import type { GitHubReviewJob } from "./github-review-job.js";
import type { GitLabReviewJob } from "./gitlab-review-job.js";
import { ServeMetrics } from "./serve-metrics.js";
import { serveQueue } from "./serve-queue.js";
import { serveRoutes } from "./serve-routes.js";
import { type GitHubServeSettings, readServeSettings, type ServeEnv, type ServeSettings } from "./serve-settings.js";
import { WEBHOOK_PATH, webhookRequestHandler } from "./webhook-request.js";

/** Refused commenters remembered (per pull or merge request): past that, the oldest are asked of the forge again. */
const REMEMBERED_REFUSALS = 10_000;

export interface StartServerOptions {
  /**
   * GitHub: APP_ID, PRIVATE_KEY or PRIVATE_KEY_PATH, WEBHOOK_SECRET, GITHUB_API_URL. GitLab: GITLAB_WEBHOOK_SECRET,
   * AI_REVIEW_GITLAB_TOKEN or GITLAB_TOKEN, GITLAB_URL. Both: PORT, HOST, LOG_LEVEL, LOG_FORMAT, AI_REVIEW_CONCURRENT_REVIEWS.
   */
  env: ServeEnv;
  /** Reviews a GitHub pull request. */
  runJob: RunReviewJob;
  /** Reviews a GitLab merge request; required when the environment turns the GitLab side on. */
  runGitLabJob?: RunGitLabReviewJob;
  /** Tells a pull request its review failed for good; without it the failure is only logged. */
  reportFailure?: ReportGitHubFailure;
  reportGitLabFailure?: ReportGitLabFailure;
  /** `--role`; default AI_REVIEW_ROLE, else `all`. */
  role?: string;
  /** `--concurrency`: reviews this process runs at once; default AI_REVIEW_CONCURRENT_REVIEWS, else 2. */
  concurrency?: number;
  /** Where reviews are counted; the command shares it with its review jobs (tokens, cost). Default: a new one. */
  metrics?: ServeMetrics;
  /** The in-process queue's wait between attempts of a failed review; tests pass one that returns at once. */
  retrySleep?: (ms: number) => Promise<void>;
  /** A pino logger; default: Probot's, JSON on stdout at LOG_LEVEL (LOG_FORMAT=pretty for people; GitLab only: JSON). */
  logger?: Logger;
  /** The clock of the delivery TTL, in milliseconds. Default `Date.now`. */
  now?: () => number;
  /** The octokit class Probot builds clients from; tests pass one without plugin-throttling's real-second spacing. */
  Octokit?: typeof ProbotOctokit;
  /** The wait of the GitLab client before retrying a 429; tests pass one that returns at once. */
  gitlabSleep?: (ms: number) => Promise<void>;
}

export interface RunningServer {
  /** `http://host:port`, with the port really bound (PORT=0 picks a free one). */
  url: string;
  port: number;
  queue: ReviewQueue<ServeJob>;
  log: Logger;
  metrics: ServeMetrics;
  scale: ScaleSettings;
  /**
   * Stops listening and taking jobs, lets running reviews finish within the grace period
   * (AI_REVIEW_SHUTDOWN_GRACE_MS; past it, Redis hands them to another worker), and logs
   * the waiting ones it will not run (in-process only: on Redis they wait for the others).
   * `unfinished`: reviews still running here past the grace; the caller must end the
   * process, or they would go on (and publish) while another worker runs them again.
   */
  close(): Promise<{ unfinished: number }>;
}

export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const settings = await readServeSettings(options.env);
  if (settings.gitlab && !options.runGitLabJob) throw new Error("startServer: the environment turns the GitLab side on, but no runGitLabJob was given");
  const github = settings.github && (await githubApp(settings.github, settings, options));
  // Without the GitHub App there is no Probot to make the logger: plain pino, JSON lines.
  const log = github?.probot.log ?? options.logger ?? pino({ level: settings.logLevel, name: "ai-review" });
  const now = options.now ?? Date.now;
  const gitlab = settings.gitlab && gitlabSide(settings.gitlab, options, log);

  const scale = readScaleSettings(options.env, options.role === undefined ? {} : { role: options.role });
  const concurrency = options.concurrency ?? settings.concurrentReviews;
  const metrics = options.metrics ?? new ServeMetrics();

  // The reviews running in this process: those still running when a stop's grace is over are logged, and end with the process.
  const inFlight = new Set<ServeJob>();
  const run = async (job: ServeJob) => {
    inFlight.add(job);
    try {
      await runOne(job);
    } finally {
      inFlight.delete(job);
    }
  };
  const runOne = async (job: ServeJob) => {
    const jobLog = log.child({ change: job.key, deliveryId: job.deliveryId });
    const forge = forgeOf(job);
    const started = now();
    jobLog.info({ mode: job.mode, trigger: job.trigger, headSha: job.headSha }, "review started");
    try {
      if (forge === "gitlab") {
        if (!gitlab) throw new UserError(`a GitLab review (${job.key}) reached a process without GITLAB_WEBHOOK_SECRET and AI_REVIEW_GITLAB_TOKEN: give every worker the GitLab settings`);
        await options.runGitLabJob!(job as GitLabReviewJob, gitlab.api, jobLog, await gitlab.identity());
      } else {
        if (!github) throw new UserError(`a GitHub review (${job.key}) reached a process without the GitHub App's settings: give every worker APP_ID, PRIVATE_KEY and WEBHOOK_SECRET`);
        const octokit = await github.probot.auth((job as GitHubReviewJob).installationId);
        await options.runJob(job as GitHubReviewJob, octokit, jobLog, await github.appIdentity());
      }
    } catch (error) {
      metrics.reviewEnded(forge, "failed", (now() - started) / 1000);
      metrics.error(error);
      jobLog.warn({ err: error, ms: now() - started }, "review attempt failed");
      throw error;
    }
    metrics.reviewEnded(forge, "published", (now() - started) / 1000);
    jobLog.info({ ms: now() - started }, "review finished");
  };

  const onFailure = async (job: ServeJob, error: unknown) => {
    const fields = { change: job.key, deliveryId: job.deliveryId, mode: job.mode, trigger: job.trigger };
    log.error({ err: error, ...fields, attempts: scale.retry.attempts }, "review failed");
    const failure = { attempts: scale.retry.attempts, message: error instanceof UserError ? error.message : `${(error as Error)?.message ?? String(error)} (see the server log)` };
    try {
      if (forgeOf(job) === "gitlab") {
        if (gitlab && options.reportGitLabFailure) await options.reportGitLabFailure(job as GitLabReviewJob, gitlab.api, log.child(fields), await gitlab.identity(), failure);
      } else if (github && options.reportFailure) {
        const octokit = await github.probot.auth((job as GitHubReviewJob).installationId);
        await options.reportFailure(job as GitHubReviewJob, octokit, log.child(fields), await github.appIdentity(), failure);
      }
    } catch (reportError) {
      metrics.error(reportError);
      log.error({ err: reportError, ...fields }, "the failed review could not be reported on the change either");
    }
  };

  const queue = serveQueue({
    scale,
    concurrency,
    run,
    onFailure,
    now,
    ...(options.retrySleep ? { sleep: options.retrySleep } : {}),
    onConnection: (event, detail) => {
      if (event === "lost") log.error(`Redis unreachable (${detail}): webhooks are answered 503 until it is back; workers reconnect`);
      else log.info(`Redis reachable again (${detail})`);
    },
  });
  metrics.watchQueue(() => queue.stats());
  if ("whenConnected" in queue && !(await (queue as { whenConnected(ms: number): Promise<boolean> }).whenConnected(5_000))) {
    log.warn("Redis did not answer within 5 s; starting anyway: webhooks get 503 until it does");
  }

  const webhooks = async (counted: ReviewQueue<ServeJob>) =>
    webhookRequestHandler({
      queue: counted,
      log,
      github: github && {
        webhookSecret: github.webhookSecret,
        probotMiddleware: await createNodeMiddleware(
          reviewApp({ queue: counted, appIdentity: github.appIdentity, refused: new BoundedSet(REMEMBERED_REFUSALS) }),
          { probot: github.probot },
        ),
      },
      gitlab:
        gitlab &&
        gitlabWebhookHandler({
          secret: gitlab.webhookSecret,
          queue: counted,
          log,
          handle: gitlabHooks({ queue: counted, api: gitlab.api, instanceHost: gitlab.host, identity: gitlab.identity, refused: new BoundedSet(REMEMBERED_REFUSALS) }),
        }),
    });
  const handle = await serveRoutes({ role: scale.role, queue, metrics, log, webhooks });
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
  log.info(
    {
      url,
      ...(settings.github ? { webhookPath: WEBHOOK_PATH, githubApiUrl: settings.github.githubApiUrl ?? "https://api.github.com" } : {}),
      ...(settings.gitlab ? { gitlabWebhookPath: GITLAB_WEBHOOK_PATH, gitlabUrl: settings.gitlab.url } : {}),
      role: scale.role,
      queue: scale.redis ? `redis (${scale.redis.prefix})` : "in-process",
      ...(scale.role === "web" ? {} : { concurrentReviews: concurrency }),
    },
    "ai-review serve listening",
  );

  return {
    url,
    port,
    queue,
    log,
    metrics,
    scale,
    async close() {
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const dropped = await queue.close(scale.shutdownGraceMs);
      for (const job of dropped) log.warn({ change: job.key, deliveryId: job.deliveryId, mode: job.mode }, "review not run: the server stopped before its turn");
      const unfinished = [...inFlight];
      for (const job of unfinished) {
        const fields = { change: job.key, deliveryId: job.deliveryId, mode: job.mode, graceMs: scale.shutdownGraceMs };
        if (scale.redis) log.warn(fields, "review still running when the shutdown grace ran out: handed back to the queue, another worker runs it");
        else log.warn(fields, "review still running when the shutdown grace ran out: not finished; a new push or /review runs it again");
      }
      await stopped;
      return { unfinished: unfinished.length };
    },
  };
}

/** Which runner a job needs, by its key: a worker runs both forges' jobs from one queue. */
function forgeOf(job: ServeJob): "github" | "gitlab" {
  return job.key.startsWith("gitlab:") ? "gitlab" : "github";
}

/** The Probot app: its client, who it writes as, and its webhook secret. */
async function githubApp(github: GitHubServeSettings, settings: ServeSettings, options: StartServerOptions) {
  const probot = new Probot({
    appId: github.appId,
    privateKey: github.privateKey,
    secret: github.webhookSecret,
    baseUrl: github.githubApiUrl,
    log: options.logger,
    // pino knows "silent" too; Probot's type omits it.
    logLevel: settings.logLevel as NonNullable<Options["logLevel"]>,
    logFormat: settings.logFormat,
    Octokit: octokitWithAuthBaseUrl(options.Octokit ?? ProbotOctokit, github.githubApiUrl),
  });
  await probot.ready();
  const appIdentity = onceUntilFailed(async (): Promise<AppIdentity> => {
    const { data } = await (await probot.auth()).rest.apps.getAuthenticated();
    return { botLogin: `${data!.slug}[bot]` };
  });
  return { probot, webhookSecret: github.webhookSecret, appIdentity };
}

/** The GitLab client every GitLab hook and job uses, and the user it writes as. */
function gitlabSide(gitlab: GitLabServeSettings, options: StartServerOptions, log: Logger) {
  const api = createGitLabApi({
    host: gitlab.url,
    token: gitlab.token,
    ...(options.gitlabSleep ? { sleep: options.gitlabSleep } : {}),
    onWait: (message) => log.warn(message),
  });
  const identity = onceUntilFailed(async (): Promise<GitLabIdentity> => {
    try {
      const user = await api.Users.showCurrentUser();
      return { id: user.id, username: user.username };
    } catch (error) {
      throw explainGitLabFailure(error, "reading which user the GitLab token belongs to (GET /user)", api);
    }
  });
  return { api, identity, webhookSecret: gitlab.webhookSecret, host: gitlab.host };
}

/**
 * Asked once, on first use (not at start, so a server can come up while the forge is
 * unreachable); asked again if that failed.
 */
function onceUntilFailed<T>(ask: () => Promise<T>): () => Promise<T> {
  let answer: Promise<T> | undefined;
  return () =>
    (answer ??= ask().catch((error: unknown) => {
      answer = undefined;
      throw error;
    }));
}
