/**
 * `ai-review serve`: a GitHub App and a GitLab webhook receiver answering on one port. Builds
 * the Probot app and the GitLab client from the environment (either side may be off), one
 * in-process review queue for both, and a node:http server; returns once it listens.
 * Reviews run behind the queue through the given `runJob` and `runGitLabJob`, never inside
 * a webhook's answer.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { pino } from "pino";
import { createNodeMiddleware, type Logger, type Options, Probot, ProbotOctokit } from "probot";
import { ConfigError } from "../../config.js";
import { createGitLabApi } from "../../forges/gitlab/create-gitlab-api.js";
import { explainGitLabFailure } from "../../forges/gitlab/explain-gitlab-failure.js";
import { InProcessQueue } from "../../queue/in-process-queue.js";
import type { ReviewQueue } from "../../queue/review-queue.js";
import { BoundedSet } from "./bounded-set.js";
import { gitlabHooks } from "./gitlab-hooks.js";
import type { GitLabServeSettings } from "./gitlab-serve-settings.js";
import { GITLAB_WEBHOOK_PATH, gitlabWebhookHandler } from "./gitlab-webhook-request.js";
import { octokitWithAuthBaseUrl } from "./octokit-with-auth-base-url.js";
import { reviewApp } from "./review-app.js";
import type { AppIdentity, GitLabIdentity, RunGitLabReviewJob, RunReviewJob } from "./run-review-job.js";
import type { ServeJob } from "./serve-job.js";
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
  /** Stops listening, lets running reviews finish, and logs the waiting ones it will not run. */
  close(): Promise<void>;
}

export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const settings = await readServeSettings(options.env);
  if (settings.gitlab && !options.runGitLabJob) throw new Error("startServer: the environment turns the GitLab side on, but no runGitLabJob was given");
  const github = settings.github && (await githubApp(settings.github, settings, options));
  // Without the GitHub App there is no Probot to make the logger: plain pino, JSON lines.
  const log = github?.probot.log ?? options.logger ?? pino({ level: settings.logLevel, name: "ai-review" });
  const now = options.now ?? Date.now;
  const gitlab = settings.gitlab && gitlabSide(settings.gitlab, options, log);

  const queue = new InProcessQueue<ServeJob>({
    concurrency: settings.concurrentReviews,
    now,
    run: async (job) => {
      const jobLog = log.child({ change: job.key, deliveryId: job.deliveryId });
      const started = now();
      jobLog.info({ mode: job.mode, trigger: job.trigger, headSha: job.headSha }, "review started");
      if (job.forge === "gitlab") {
        // The side is on whenever a GitLab job was queued: only its webhook queues them.
        await options.runGitLabJob!(job, gitlab!.api, jobLog, await gitlab!.identity());
      } else {
        const octokit = await github!.probot.auth(job.installationId);
        await options.runJob(job, octokit, jobLog, await github!.appIdentity());
      }
      jobLog.info({ ms: now() - started }, "review finished");
    },
    onFailure: (job, error) => {
      log.error({ err: error, change: job.key, deliveryId: job.deliveryId, mode: job.mode, trigger: job.trigger }, "review failed");
    },
  });

  const handle = webhookRequestHandler({
    queue,
    log,
    github: github && {
      webhookSecret: github.webhookSecret,
      probotMiddleware: await createNodeMiddleware(
        reviewApp({ queue, appIdentity: github.appIdentity, refused: new BoundedSet(REMEMBERED_REFUSALS) }),
        { probot: github.probot },
      ),
    },
    gitlab:
      gitlab &&
      gitlabWebhookHandler({
        secret: gitlab.webhookSecret,
        queue,
        log,
        handle: gitlabHooks({ queue, api: gitlab.api, instanceHost: gitlab.host, identity: gitlab.identity, refused: new BoundedSet(REMEMBERED_REFUSALS) }),
      }),
  });
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
      concurrentReviews: settings.concurrentReviews,
    },
    "ai-review serve listening",
  );

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
