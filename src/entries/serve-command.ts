/**
 * `ai-review serve`: the GitHub App and the GitLab webhook receiver, until SIGTERM or
 * SIGINT. Reviews run behind the queue (in-process, or BullMQ with REDIS_URL) through the
 * production jobs (the forge's source and publisher, shared flow); a review that fails for
 * good is reported on its change. On a signal the process stops listening and taking jobs,
 * lets running reviews finish within AI_REVIEW_SHUTDOWN_GRACE_MS (on Redis, what is left
 * goes to another worker) and exits 0.
 *
 * AI_REVIEW_GITHUB_THROTTLE=off turns off octokit's throttling (its spacing of writes by
 * whole seconds, per process): for load tests against a local GitHub simulator, never GitHub.
 */
import { ProbotOctokit } from "probot";
import { startServer } from "./serve/start-server.js";
import { reportMergeRequestFailure, reviewMergeRequest } from "./serve/review-merge-request.js";
import { reportPullRequestFailure, reviewPullRequest } from "./serve/review-pull-request.js";
import { ServeMetrics } from "./serve/serve-metrics.js";
import type { CliIo } from "./cli-io.js";
import { EXIT_OK } from "./exit-codes.js";

export interface ServeIo extends Pick<CliIo, "env"> {
  /** Resolves when the process is asked to stop; default: the first SIGTERM or SIGINT. */
  stopSignal?: Promise<void>;
  /** `--role web|worker|all`. */
  role?: string | undefined;
  /** `--concurrency N`. */
  concurrency?: number | undefined;
  /** Ends the process when reviews still run past the shutdown grace; default `process.exit`. */
  exit?: (code: number) => void;
}

export async function runServeCommand(io: ServeIo): Promise<number> {
  const metrics = new ServeMetrics();
  const unthrottled = io.env.AI_REVIEW_GITHUB_THROTTLE === "off";
  const github = { env: io.env, onReviewed: (result: Parameters<ServeMetrics["reviewed"]>[0]) => metrics.reviewed(result), ...(unthrottled ? { throttle: { enabled: false } } : {}) };
  const server = await startServer({
    env: io.env,
    metrics,
    runJob: reviewPullRequest(github),
    reportFailure: reportPullRequestFailure(github),
    runGitLabJob: reviewMergeRequest({ env: io.env, onReviewed: (result) => metrics.reviewed(result) }),
    reportGitLabFailure: reportMergeRequestFailure(),
    ...(io.role !== undefined ? { role: io.role } : {}),
    ...(io.concurrency !== undefined ? { concurrency: io.concurrency } : {}),
    ...(unthrottled ? { Octokit: ProbotOctokit.defaults({ throttle: { enabled: false } }) } : {}),
  });
  await (io.stopSignal ?? firstSignal());
  server.log.info({ graceMs: server.scale.shutdownGraceMs }, "stopping: no new reviews; waiting for the running ones");
  const { unfinished } = await server.close();
  server.log.info({ unfinished }, "stopped");
  // A review still running past the grace has been handed back (Redis) or given up: its
  // model and forge calls would keep the process alive, then publish beside the worker now
  // running it again. The signal asked for a stop: this is it.
  if (unfinished > 0) (io.exit ?? process.exit)(EXIT_OK);
  return EXIT_OK;
}

function firstSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off("SIGTERM", stop);
      process.off("SIGINT", stop);
      resolve();
    };
    process.on("SIGTERM", stop);
    process.on("SIGINT", stop);
  });
}
