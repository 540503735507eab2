/**
 * A running `ai-review serve` answering GitLab, for tests: the real server on port 0 with
 * only the GitLab side on, the loopback GitLab server (real gitbeaker) holding acme/widgets
 * with one merge request, the loopback model, and webhooks shaped as GitLab sends them
 * (`test/support/gitlab-server/webhooks.ts`) POSTed over HTTP with `X-Gitlab-Token`.
 *
 * Jobs run the production GitLab job (`reviewMergeRequest`) unless the test gives `work`;
 * with `holdJobs` every job waits until the test releases it. Members: alice Developer
 * (the author), gina Guest, rita Reporter; the bot is a project access token's user.
 */
import type { Logger } from "probot";
import type { GitLabReviewJob } from "../../src/entries/serve/gitlab-review-job.js";
import { reviewMergeRequest } from "../../src/entries/serve/review-merge-request.js";
import type { GitLabIdentity } from "../../src/entries/serve/run-review-job.js";
import type { GitLabApi } from "../../src/forges/gitlab/create-gitlab-api.js";
import { type RunningServer, startServer } from "../../src/entries/serve/start-server.js";
import { AccessLevel, type TestMergeRequest, type TestProject, type UserRecord } from "../support/gitlab-server/index.js";
import { deliverWebhook, type WebhookDelivery } from "../support/gitlab-server/webhooks.js";
import { startModelServer, type ModelServer, type ReplyHandler } from "../support/model-server.js";
import { twoFileReviewer } from "../support/two-file-reviewer.js";
import { openMergeRequest, PROJECT, startFixture, type Fixture } from "../forges/gitlab/gitlab-fixture.js";
import { capturedLogger } from "./serve-harness.js";

export const GITLAB_SECRET = "test-gitlab-webhook-secret-3b7e";

export interface GitLabRun {
  job: GitLabReviewJob;
  bot: GitLabIdentity;
  release: () => void;
}

export interface GitLabHarness {
  fixture: Fixture;
  project: TestProject;
  mr: TestMergeRequest;
  /** The user the server's token acts as. */
  bot: UserRecord;
  headSha: string;
  model: ModelServer;
  server: RunningServer;
  runs: GitLabRun[];
  logs: ReturnType<typeof capturedLogger>;
  /** The server's environment, for a second server or a direct job. */
  env: Record<string, string>;
  /** POSTs a delivery to /gitlab/webhook; `token: null` sends none. */
  send(delivery: WebhookDelivery, options?: { token?: string | null; uuid?: string }): Promise<{ status: number; body: Record<string, unknown> }>;
  /** Resolves once `count` jobs have started. */
  runsStarted(count: number): Promise<void>;
  close(): Promise<void>;
}

export interface GitLabHarnessOptions {
  /** Files of the base commit besides README.md (e.g. `.ai-review.yml`). */
  baseFiles?: Record<string, string>;
  /** Files the merge request's head changes (default: src/a.ts, which the model finds SQL built from input in). */
  headFiles?: Record<string, string | null>;
  draft?: boolean;
  env?: Record<string, string>;
  model?: ReplyHandler;
  /** Instead of the production job. */
  work?: (job: GitLabReviewJob, api: GitLabApi, log: Logger, bot: GitLabIdentity) => Promise<void>;
  /** Hold every job until the test calls `release`. */
  holdJobs?: boolean;
  /** The bot as a user with a personal access token (a service account), not a project access token's bot. */
  botUser?: string;
}

export const A_TS = { "src/a.ts": "// rows\nexport const rows = db.query(input);\n" };
export const B_TS = { "src/b.ts": "export function last(xs: number[]) {\n  return xs[xs.length];\n}\n" };

export async function startGitLabHarness(options: GitLabHarnessOptions = {}): Promise<GitLabHarness> {
  const fixture = await startFixture();
  const model = await startModelServer(options.model ?? twoFileReviewer);
  const { mr, headSha } = openMergeRequest(fixture, { "README.md": "# widgets\n", ...options.baseFiles }, options.headFiles ?? A_TS);
  mr.draft = options.draft ?? false;
  const project = fixture.project();
  project.setMember("gina", AccessLevel.guest);
  project.setMember("rita", AccessLevel.reporter);
  let { token, user: bot } = options.botUser ? { token: "", user: fixture.gitlab.user(options.botUser) } : fixture.gitlab.projectAccessToken(PROJECT, { name: "ai-review" });
  if (options.botUser) {
    project.setMember(options.botUser, AccessLevel.developer);
    token = fixture.gitlab.userToken(options.botUser);
  }
  const env: Record<string, string> = {
    GITLAB_WEBHOOK_SECRET: GITLAB_SECRET,
    AI_REVIEW_GITLAB_TOKEN: token,
    GITLAB_URL: fixture.gitlab.url,
    PORT: "0",
    HOST: "127.0.0.1",
    OPENAI_BASE_URL: model.baseURL,
    OPENAI_API_KEY: "sk-loopback",
    AI_REVIEW_MODEL: "m",
    // One attempt: a test that fails a review sees it fail (retries have tests of their own).
    AI_REVIEW_REVIEW_ATTEMPTS: "1",
    ...options.env,
  };
  const runs: GitLabRun[] = [];
  let notify: (() => void) | undefined;
  const logs = capturedLogger();
  const production = reviewMergeRequest({ env, sleep: async () => {} });
  const server = await startServer({
    env,
    logger: logs.logger,
    gitlabSleep: async () => {},
    runJob: async () => {
      throw new Error("no GitHub job expected");
    },
    runGitLabJob: (job, api, log, identity) =>
      new Promise<void>((resolve, reject) => {
        runs.push({ job, bot: identity, release: resolve });
        notify?.();
        const work = (options.work ?? production)(job, api, log, identity);
        if (!options.holdJobs) work.then(resolve, reject);
        else work.catch(reject);
      }),
  });

  return {
    fixture,
    project,
    mr,
    bot,
    headSha,
    model,
    server,
    runs,
    logs,
    env,
    async send(delivery, sendOptions = {}) {
      const token = sendOptions.token === undefined ? GITLAB_SECRET : sendOptions.token;
      const response = await deliverWebhook(`${server.url}/gitlab/webhook`, delivery, { ...(token === null ? {} : { token }), ...(sendOptions.uuid ? { uuid: sendOptions.uuid } : {}) });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    },
    async runsStarted(count) {
      while (runs.length < count) await new Promise<void>((resolve) => (notify = resolve));
    },
    async close() {
      for (const run of runs) run.release();
      await server.close();
      await model.close();
      await fixture.close();
    },
  };
}
