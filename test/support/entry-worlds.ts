/**
 * The four ways ai-review runs, each as a small world a fault or attack test can drive the
 * same way: the CLI (`ai-review review` on a local branch), the GitHub Action, the GitLab CI
 * job, and `ai-review serve` (signed GitHub webhooks and GitLab webhooks through the real
 * server and queue, with the production review jobs). Each has the loopback model and, but
 * for the CLI, a loopback forge; every wait (model retries, rate limits) is injected, so no
 * run sleeps for real.
 *
 * The model answers with one finding on the line the change touched (`expected`); a test
 * queues faults in front of it (`model.enqueue`) or on the forge (`github`, `gitlab`). What
 * the bot left behind is read back as plain text (`posted`), and a run reports its exit
 * code (null for serve, which has none) and everything it logged.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { reviewPullRequest } from "../../src/entries/serve/review-pull-request.js";
import { readFindingMarker, readSummaryMarker } from "../../src/core/review-marker.js";
import { pullRequestEvent, runInProcess, startActionFixture } from "../entries/action/action-fixture.js";
import { mergeRequestJobEnv } from "../entries/gitlab-ci/gitlab-ci-env.js";
import { openMergeRequest, PROJECT, startFixture } from "../forges/gitlab/gitlab-fixture.js";
import { startGitLabHarness } from "../serve/gitlab-serve-harness.js";
import { pullRequestPayload, startHarness } from "../serve/serve-harness.js";
import { createRepo } from "./git-repo.js";
import type { GitHubServer } from "./github-server/index.js";
import { unspacedThrottleGroups } from "./github-server/test-octokit.js";
import type { GitLabServer } from "./gitlab-server/index.js";
import { mergeRequestHook } from "./gitlab-server/webhooks.js";
import { reply, startModelServer, type ModelServer, type RecordedRequest, type Reply } from "./model-server.js";
import { runCli } from "./run-cli.js";

export type EntryName = "cli" | "action" | "gitlab-ci" | "serve-github" | "serve-gitlab";
export const ENTRY_NAMES: readonly EntryName[] = ["cli", "action", "gitlab-ci", "serve-github", "serve-gitlab"];

/** Where a finding sits: the line each world's change touched. */
export interface Place {
  path: string;
  line: number;
}

export interface EntryRun {
  /** The process's exit code; null for serve, whose outcome is its log. */
  code: number | null;
  /** stdout and stderr (or the server's pino lines), in one text. */
  log: string;
}

/** What the bot left where people read it: on the forge, or printed by the CLI. */
export interface Posted {
  /** Inline comments (GitHub review comments, GitLab diff notes) by the bot. */
  inline: Array<{ path: string; line: number | null; body: string }>;
  /** The bot's summary comments (those carrying a summary marker). */
  summaries: string[];
  /** Every other body the bot wrote (review bodies, replies). */
  other: string[];
}

/** What the model says beyond the expected finding, when a test asks for more. */
export type AnswerShape = "expected" | "invented" | "empty";

export interface EntryWorld {
  entry: EntryName;
  forge: "local" | "github" | "gitlab";
  model: ModelServer;
  expected: Place;
  /** The model's next answers: "invented" adds findings on a file and a line the change does not have. */
  answer: AnswerShape;
  /** Answers with findings the model gave so far: what must reach people. */
  answers: number;
  github?: GitHubServer;
  gitlab?: GitLabServer;
  run(): Promise<EntryRun>;
  posted(): Posted;
  close(): Promise<void>;
}

/** Waits the model client may take between attempts: small, so the suite's timeout fault costs about a second. */
const FAST_MODEL_CONFIG = "timeout_ms: 1000\nmax_retries: 2\n";
const TITLE = "Unchecked input";

export interface WorldOptions {
  /** Extra files of the base commit (e.g. a config). */
  baseConfig?: string;
}

export async function startWorld(entry: EntryName, options: WorldOptions = {}): Promise<EntryWorld> {
  const config = FAST_MODEL_CONFIG + (options.baseConfig ?? "");
  switch (entry) {
    case "cli":
      return cliWorld(config);
    case "action":
      return actionWorld(config);
    case "gitlab-ci":
      return gitlabCiWorld(config);
    case "serve-github":
      return serveGitHubWorld(config);
    case "serve-gitlab":
      return serveGitLabWorld(config);
  }
}

/** What every world starts with: its entry, its forge, its model and the place of the finding. */
function common(entry: EntryName, forge: EntryWorld["forge"], model: ModelServer, expected: Place) {
  return { entry, forge, model, expected, answer: "expected" as AnswerShape, answers: 0 };
}

/** The model: faults queued with `enqueue` come first; then the finding on `expected`, in the shape asked. */
function worldModel(world: () => EntryWorld): Promise<ModelServer> {
  return startModelServer((request) => scriptedAnswer(world(), request));
}

async function cliWorld(config: string): Promise<EntryWorld> {
  const repo = createRepo();
  repo.write("src/a.ts", "// rows\nexport const rows = [];\n");
  repo.write(".ai-review.yml", config);
  repo.commit("base");
  repo.git("checkout", "-q", "-b", "fix");
  repo.write("src/a.ts", "// rows\nexport const rows = db.query(input);\n");
  repo.commit("query");
  let printed = "";
  const world: EntryWorld = {
    ...common("cli", "local", await worldModel(() => world), { path: "src/a.ts", line: 2 }),
    async run() {
      const run = await runCli(["review", "--format", "markdown"], {
        cwd: repo.dir,
        env: { ...repo.env, OPENAI_BASE_URL: world.model.baseURL, OPENAI_API_KEY: "sk-loopback", AI_REVIEW_MODEL: "m" },
      });
      printed = run.stdout;
      return { code: run.code, log: `${run.stdout}\n${run.stderr}` };
    },
    // What a person sees: the printed review is the one "post"; the CLI keeps nothing.
    posted: () => ({ inline: [], summaries: printed ? [printed] : [], other: [] }),
    async close() {
      await world.model.close();
      repo.cleanup();
    },
  };
  return world;
}

async function actionWorld(config: string): Promise<EntryWorld> {
  let world: EntryWorld | undefined;
  const fixture = await startActionFixture(undefined, { baseConfig: config });
  await fixture.model.close(); // the fixture's own model: this world brings its scripted one
  const model = await worldModel(() => world!);
  world = {
    ...common("action", "github", model, { path: "src/total.ts", line: 3 }),
    github: fixture.github,
    async run() {
      const env = fixture.env("pull_request", pullRequestEvent("synchronize", fixture.pull), { "base-url": model.baseURL });
      const run = await runInProcess(env);
      return { code: run.code, log: run.stdout };
    },
    posted: () => githubPosted(fixture.pull.reviewComments, fixture.pull.issueComments, fixture.pull.reviews, "github-actions[bot]"),
    async close() {
      await model.close();
      fixture.model.close = async () => {};
      await fixture.close();
    },
  };
  return world;
}

async function gitlabCiWorld(config: string): Promise<EntryWorld> {
  let world: EntryWorld | undefined;
  const fixture = await startFixture();
  const model = await worldModel(() => world!);
  const dir = mkdtempSync(join(tmpdir(), "ai-review-glci-faults-"));
  const { mr } = openMergeRequest(fixture, { "README.md": "# widgets\n", ".ai-review.yml": config }, { "src/a.ts": "// rows\nexport const rows = db.query(input);\n" });
  const { token, user: bot } = fixture.gitlab.projectAccessToken(PROJECT, { name: "ai-review" });
  world = {
    ...common("gitlab-ci", "gitlab", model, { path: "src/a.ts", line: 2 }),
    gitlab: fixture.gitlab,
    async run() {
      const env = { ...mergeRequestJobEnv(fixture.gitlab, fixture.project(), mr, model.baseURL), AI_REVIEW_GITLAB_TOKEN: token };
      const run = await runCli(["gitlab-ci"], { cwd: dir, env });
      return { code: run.code, log: `${run.stdout}\n${run.stderr}` };
    },
    posted: () => gitlabPosted(mr.notes, bot.username),
    async close() {
      await model.close();
      rmSync(dir, { recursive: true, force: true });
      await fixture.close();
    },
  };
  return world;
}

async function serveGitHubWorld(config: string): Promise<EntryWorld> {
  let world: EntryWorld | undefined;
  const model = await worldModel(() => world!);
  const env = { OPENAI_BASE_URL: model.baseURL, AI_REVIEW_MODEL: "m" };
  const harness = await startHarness({
    env,
    baseFiles: { ".ai-review.yml": config },
    work: (job, octokit, log, app) =>
      reviewPullRequest({
        env: { ...env, GITHUB_API_URL: harness.github.url, OPENAI_API_KEY: "sk-test-serve" },
        throttle: { ...unspacedThrottleGroups(), retryAfterBaseValue: 1 },
        retry: { retryAfterBaseValue: 1 },
        sleep: async () => {},
      })(job, octokit, log, app),
  });
  let deliveries = 0;
  world = {
    ...common("serve-github", "github", model, { path: "app.txt", line: 2 }),
    github: harness.github,
    async run() {
      const before = harness.logs.lines.length;
      const sent = await harness.send("pull_request", pullRequestPayload(harness.pull, "synchronize"), { deliveryId: `fault-${++deliveries}` });
      await harness.server.queue.drain();
      return { code: null, log: [`webhook ${sent.status}`, ...harness.logs.lines.slice(before)].join("\n") };
    },
    posted: () => githubPosted(harness.pull.reviewComments, harness.pull.issueComments, harness.pull.reviews, "ai-review[bot]"),
    async close() {
      await harness.close();
      await model.close();
    },
  };
  return world;
}

async function serveGitLabWorld(config: string): Promise<EntryWorld> {
  let world: EntryWorld | undefined;
  const harness = await startGitLabHarness({ baseFiles: { ".ai-review.yml": config }, model: (request) => scriptedAnswer(world!, request) });
  let deliveries = 0;
  world = {
    ...common("serve-gitlab", "gitlab", harness.model, { path: "src/a.ts", line: 2 }),
    gitlab: harness.fixture.gitlab,
    async run() {
      const before = harness.logs.lines.length;
      const hook = mergeRequestHook(harness.fixture.gitlab.url, harness.mr, { action: "reopen", user: "alice" });
      const sent = await harness.send(hook, { uuid: `fault-${++deliveries}` });
      await harness.server.queue.drain();
      return { code: null, log: [`webhook ${sent.status}`, ...harness.logs.lines.slice(before)].join("\n") };
    },
    posted: () => gitlabPosted(harness.mr.notes, harness.bot.username),
    async close() {
      await harness.close();
    },
  };
  return world;
}

/** The model's answer for a world: the finding on `expected`, in the shape asked; a summary for the summary pass. */
function scriptedAnswer(world: EntryWorld, request: RecordedRequest): Reply {
  const prompt = request.body.messages.map((m) => m.content).join("\n");
  if (/Write the overall summary/.test(prompt)) return reply.json({ summary: "Overall." });
  if (world.answer === "empty") return reply.json({ summary: "Nothing to say.", comments: [] });
  world.answers++;
  const found = { path: world.expected.path, line: world.expected.line, severity: "major", title: TITLE, body: "Validate it first." };
  const invented =
    world.answer === "invented"
      ? [
          { path: "src/ghost.ts", line: 3, severity: "major", title: "Ghost file", body: "A file the change does not have." },
          { path: world.expected.path, line: 999, severity: "minor", title: "Ghost line", body: "A line the file does not have." },
        ]
      : [];
  return reply.json({ summary: "Reviewed.", comments: [found, ...invented] });
}

function githubPosted(
  reviewComments: ReadonlyArray<{ path: string; line: number | null; body: string; user: { login: string } }>,
  issueComments: ReadonlyArray<{ body: string; user: { login: string } }>,
  reviews: ReadonlyArray<{ body: string | null; user: { login: string } }>,
  bot: string,
): Posted {
  const mine = <T extends { user: { login: string } }>(items: ReadonlyArray<T>) => items.filter((item) => item.user.login === bot);
  const comments = mine(issueComments);
  return {
    inline: mine(reviewComments).map((c) => ({ path: c.path, line: c.line, body: c.body })),
    summaries: comments.filter((c) => readSummaryMarker(c.body)).map((c) => c.body),
    other: [...comments.filter((c) => !readSummaryMarker(c.body)).map((c) => c.body), ...mine(reviews).map((r) => r.body ?? "")],
  };
}

function gitlabPosted(
  notes: ReadonlyArray<{ body: string; author: { username: string }; position?: { new_path?: string; new_line?: number | null } | null; system?: boolean }>,
  bot: string,
): Posted {
  const mine = notes.filter((note) => note.author.username === bot && !note.system);
  return {
    inline: mine.filter((n) => n.position).map((n) => ({ path: n.position!.new_path ?? "", line: n.position!.new_line ?? null, body: n.body })),
    summaries: mine.filter((n) => !n.position && readSummaryMarker(n.body)).map((n) => n.body),
    other: mine.filter((n) => !n.position && !readSummaryMarker(n.body)).map((n) => n.body),
  };
}

/** Fingerprints of the inline comments, for counting the ones posted twice. */
export function inlineFingerprints(posted: Posted): string[] {
  return posted.inline.map((c) => readFindingMarker(c.body) ?? `${c.path}:${c.line}`);
}

export const FINDING_TITLE = TITLE;
