/**
 * A running `ai-review serve` for tests: the real server on port 0, a test GitHub App (an
 * RSA key made here) installed on acme/widgets of the loopback GitHub server, and webhooks
 * built from `@octokit/webhooks-examples`, signed with the test secret and sent over HTTP.
 * `runJob` records every job and, when told to, holds it until the test releases it.
 */
import { generateKeyPairSync } from "node:crypto";
import { createRequire } from "node:module";
import { Writable } from "node:stream";
import { sign } from "@octokit/webhooks-methods";
import { pino } from "pino";
import { type Logger, ProbotOctokit } from "probot";
import type { GitHubReviewJob } from "../../src/entries/serve/github-review-job.js";
import type { AppIdentity, InstallationOctokit, ReportGitHubFailure } from "../../src/entries/serve/run-review-job.js";
import { type RunningServer, startServer } from "../../src/entries/serve/start-server.js";
import { createRepo, type Repo } from "../support/git-repo.js";
import { type GitHubServer, startGitHubServer, type TestPullRequest, type TestRepository } from "../support/github-server/index.js";
import { unspacedThrottleGroups } from "../support/github-server/test-octokit.js";

export const APP_ID = 4242;
export const INSTALLATION_ID = 77;
export const WEBHOOK_SECRET = "test-webhook-secret-5f1e";
export const MODEL_KEY = "sk-test-model-key-never-logged-9c2d";

/** Probot's octokit without plugin-throttling's 1 s spacing of writes, and retries in milliseconds. */
export const UnspacedProbotOctokit = ProbotOctokit.defaults((options: Record<string, Record<string, unknown> | undefined>) => ({
  ...options,
  throttle: { ...options.throttle, ...unspacedThrottleGroups(), retryAfterBaseValue: 1 },
  retry: { ...options.retry, retryAfterBaseValue: 1 },
}));

let cachedKeys: ReturnType<typeof makeKeys> | undefined;

/** One RSA key pair per test file: making one takes a noticeable fraction of a second. */
export function testKeys() {
  cachedKeys ??= makeKeys();
  return cachedKeys;
}

function makeKeys() {
  return generateKeyPairSync("rsa", { modulusLength: 2048, publicKeyEncoding: { type: "spki", format: "pem" }, privateKeyEncoding: { type: "pkcs8", format: "pem" } });
}

/** Logs captured as pino writes them: one JSON object a line. */
export function capturedLogger(): { logger: Logger; lines: string[]; records: () => Array<Record<string, unknown>> } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split("\n").filter(Boolean));
      done();
    },
  });
  const logger = pino({ level: "trace" }, stream) as unknown as Logger;
  return { logger, lines, records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

export interface RecordedRun {
  job: GitHubReviewJob;
  octokit: InstallationOctokit;
  /** Ends the job (when jobs are held). */
  release: () => void;
  fail: (error: Error) => void;
}

export interface Harness {
  github: GitHubServer;
  git: Repo;
  repository: TestRepository;
  pull: TestPullRequest;
  base: string;
  head: string;
  server: RunningServer;
  runs: RecordedRun[];
  logs: ReturnType<typeof capturedLogger>;
  privateKey: string;
  /** Resolves once `count` jobs have started. */
  runsStarted(count: number): Promise<void>;
  send(event: string, payload: object, options?: { deliveryId?: string; signature?: string | null }): Promise<{ status: number; body: string }>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** Hold every job until the test calls `release` (default: jobs end at once). */
  holdJobs?: boolean;
  env?: Record<string, string | undefined>;
  /** What a job does with its installation octokit and the app's identity before it ends. */
  work?: (job: GitHubReviewJob, octokit: InstallationOctokit, log: Logger, app: AppIdentity) => Promise<void>;
  /** Files of the base commit besides app.txt (e.g. `.ai-review.yml`). */
  baseFiles?: Record<string, string>;
  draft?: boolean;
  /** How a review that failed for good is reported on the pull request (default: only logged). */
  reportFailure?: ReportGitHubFailure;
}

let deliveries = 0;

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const github = await startGitHubServer();
  const git = createRepo();
  git.write("app.txt", "one\ntwo\nthree\n");
  for (const [path, text] of Object.entries(options.baseFiles ?? {})) git.write(path, text);
  const base = git.commit("base");
  git.git("checkout", "-q", "-b", "fix");
  git.write("app.txt", "one\n2\nthree\n");
  const head = git.commit("fix");
  const repository = github.addRepository({ owner: "acme", name: "widgets", git, collaborators: { bob: "write", carol: "read" } });
  const pull = repository.addPullRequest({ title: "Spell two", author: "alice", draft: options.draft, base: { ref: "main", sha: base }, head: { ref: "fix" } });
  const keys = testKeys();
  github.addApp({ id: APP_ID, slug: "ai-review", publicKey: keys.publicKey });
  github.addInstallation({ id: INSTALLATION_ID, appId: APP_ID, account: "acme" });

  const runs: RecordedRun[] = [];
  let notify: (() => void) | undefined;
  const logs = capturedLogger();
  const server = await startServer({
    env: {
      APP_ID: String(APP_ID),
      PRIVATE_KEY: keys.privateKey,
      WEBHOOK_SECRET,
      PORT: "0",
      HOST: "127.0.0.1",
      GITHUB_API_URL: github.url,
      OPENAI_API_KEY: MODEL_KEY,
      // One attempt: a test that fails a review sees it fail (retries have tests of their own).
      AI_REVIEW_REVIEW_ATTEMPTS: "1",
      ...options.env,
    },
    logger: logs.logger,
    Octokit: UnspacedProbotOctokit,
    ...(options.reportFailure ? { reportFailure: options.reportFailure } : {}),
    runJob: (job, octokit, log, app) =>
      new Promise<void>((resolve, reject) => {
        const run: RecordedRun = { job, octokit, release: resolve, fail: reject };
        runs.push(run);
        notify?.();
        const work = options.work?.(job, octokit, log, app) ?? Promise.resolve();
        if (!options.holdJobs) work.then(resolve, reject);
        else work.catch(reject);
      }),
  });

  return {
    github,
    git,
    repository,
    pull,
    base,
    head,
    server,
    runs,
    logs,
    privateKey: keys.privateKey,
    async runsStarted(count) {
      while (runs.length < count) await new Promise<void>((resolve) => (notify = resolve));
    },
    async send(event, payload, sendOptions = {}) {
      const body = JSON.stringify(payload);
      const signature = sendOptions.signature === undefined ? await sign(WEBHOOK_SECRET, body) : sendOptions.signature;
      const headers: Record<string, string> = {
        "content-type": "application/json",
        "x-github-event": event,
        "x-github-delivery": sendOptions.deliveryId ?? `delivery-${++deliveries}`,
        "user-agent": "GitHub-Hookshot/test",
      };
      if (signature !== null) headers["x-hub-signature-256"] = signature;
      const response = await fetch(`${server.url}/api/github/webhooks`, { method: "POST", headers, body });
      return { status: response.status, body: await response.text() };
    },
    async close() {
      for (const run of runs) run.release();
      await server.close();
      git.cleanup();
      await github.close();
    },
  };
}

const examples = createRequire(import.meta.url)("@octokit/webhooks-examples") as Array<{ name: string; examples: Array<Record<string, any>> }>;

/** A copy of GitHub's example payload of `event` with `action` that has an installation. */
function example(event: string, action: string): Record<string, any> {
  const found = examples.find((entry) => entry.name === event)?.examples.find((payload) => payload.action === action && payload.installation);
  if (!found) throw new Error(`@octokit/webhooks-examples has no ${event}.${action} example with an installation`);
  return structuredClone(found);
}

function pointAtWidgets(payload: Record<string, any>): void {
  payload.repository.owner.login = "acme";
  payload.repository.name = "widgets";
  payload.repository.full_name = "acme/widgets";
  payload.installation.id = INSTALLATION_ID;
}

/** A `pull_request` webhook for `pull` at `headSha` (default: its current head). */
export function pullRequestPayload(pull: TestPullRequest, action: "opened" | "synchronize" | "reopened" | "ready_for_review", headSha = pull.headSha): Record<string, any> {
  // GitHub's examples of synchronize and reopened carry an installation; opened's first does not.
  const payload = example("pull_request", action);
  pointAtWidgets(payload);
  payload.number = pull.number;
  Object.assign(payload.pull_request, { number: pull.number, state: "open", draft: pull.draft });
  payload.pull_request.head.sha = headSha;
  payload.pull_request.base.sha = pull.baseSha;
  payload.pull_request.base.ref = pull.baseRef;
  return payload;
}

/** An `issue_comment.created` webhook for a comment the test server holds (on a pull request unless `onIssue`). */
export function commentPayload(
  pull: TestPullRequest,
  comment: { id: number; body: string; user: { login: string; id: number; type: string }; authorAssociation: string },
  options: { onIssue?: boolean; association?: string } = {},
): Record<string, any> {
  const payload = example("issue_comment", "created");
  pointAtWidgets(payload);
  payload.issue.number = pull.number;
  if (options.onIssue) delete payload.issue.pull_request;
  else payload.issue.pull_request = { url: `https://api.github.com/repos/acme/widgets/pulls/${pull.number}`, html_url: `https://github.com/acme/widgets/pull/${pull.number}`, diff_url: "", patch_url: "", merged_at: null };
  const user = { ...payload.comment.user, login: comment.user.login, id: comment.user.id, type: comment.user.type };
  Object.assign(payload.comment, { id: comment.id, body: comment.body, user, author_association: options.association ?? comment.authorAssociation });
  payload.sender = { ...payload.sender, login: comment.user.login, id: comment.user.id, type: comment.user.type };
  return payload;
}
