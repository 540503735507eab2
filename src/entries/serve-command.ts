/**
 * `ai-review serve`: the GitHub App and the GitLab webhook receiver, until SIGTERM or
 * SIGINT. Reviews run behind the in-process queue through the production jobs (the forge's
 * source and publisher, shared flow); on a signal the server stops listening, lets running
 * reviews finish and exits 0.
 */
import { startServer } from "./serve/start-server.js";
import { reviewMergeRequest } from "./serve/review-merge-request.js";
import { reviewPullRequest } from "./serve/review-pull-request.js";
import type { CliIo } from "./cli-io.js";
import { EXIT_OK } from "./exit-codes.js";

export interface ServeIo extends Pick<CliIo, "env"> {
  /** Resolves when the process is asked to stop; default: the first SIGTERM or SIGINT. */
  stopSignal?: Promise<void>;
}

export async function runServeCommand(io: ServeIo): Promise<number> {
  const server = await startServer({ env: io.env, runJob: reviewPullRequest({ env: io.env }), runGitLabJob: reviewMergeRequest({ env: io.env }) });
  await (io.stopSignal ?? firstSignal());
  server.log.info("stopping: no new reviews; waiting for the running ones");
  await server.close();
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
