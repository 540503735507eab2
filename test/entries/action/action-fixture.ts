/**
 * A pull request as an Action run sees it: the test GitHub server answering from a real git
 * repository, the loopback model, and the files GitHub's runner gives a step (the event
 * payload, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY) in a temporary folder.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { appendFile, readFile } from "node:fs/promises";
import { PassThrough } from "node:stream";
import os from "node:os";
import path from "node:path";
import examples from "@octokit/webhooks-examples";
import { runAction } from "../../../src/entries/action/run-action.js";
import { unspacedThrottleGroups } from "../../support/github-server/test-octokit.js";
import { createRepo, type Repo } from "../../support/git-repo.js";
import { startGitHubServer, type GitHubServer, type TestPullRequest } from "../../support/github-server/index.js";
import { reply, startModelServer, type ModelServer, type ReplyHandler } from "../../support/model-server.js";

export const OWNER = "acme";
export const REPO = "widgets";

const BASE_FILE = ["export function total(items: number[]): number {", "  let sum = 0;", "  for (const item of items) sum += item;", "  return sum;", "}", ""].join("\n");
export const HEAD_FILE = BASE_FILE.replace("for (const item of items) sum += item;", "for (let i = 0; i <= items.length; i++) sum += items[i]!;");

/** A model that finds the off-by-one on line 3, the line the pull request changed. */
export const offByOneModel: ReplyHandler = () =>
  reply.json({ summary: "Switches to an index loop.", comments: [{ path: "src/total.ts", line: 3, severity: "major", title: "Off-by-one", body: "`<=` reads past the end." }] });

export interface ActionFixture {
  github: GitHubServer;
  git: Repo;
  model: ModelServer;
  pull: TestPullRequest;
  token: string;
  dir: string;
  /** The environment the runner gives the step, for an event payload of `eventName`. */
  env(eventName: string, payload: unknown, inputs?: Record<string, string>): NodeJS.ProcessEnv;
  outputs(): string;
  stepSummary(): string;
  close(): Promise<void>;
}

export async function startActionFixture(
  model: ReplyHandler = offByOneModel,
  options: { actionsMayApprove?: boolean; baseConfig?: string } = {},
): Promise<ActionFixture> {
  const github = await startGitHubServer();
  const git = createRepo();
  git.write("src/total.ts", BASE_FILE);
  if (options.baseConfig) git.write(".ai-review.yml", options.baseConfig);
  git.commit("base");
  git.git("checkout", "-q", "-b", "fix");
  git.write("src/total.ts", HEAD_FILE);
  git.commit("index loop");
  const repository = github.addRepository({ owner: OWNER, name: REPO, git, collaborators: { carol: "write" }, actionsMayApprove: options.actionsMayApprove });
  const pull = repository.addPullRequest({ title: "Index loop", author: "alice", base: { ref: "main" }, head: { ref: "fix" } });
  const modelServer = await startModelServer(model);
  const dir = mkdtempSync(path.join(os.tmpdir(), "ai-review-action-"));
  const token = github.actionsToken(`${OWNER}/${REPO}`);
  const outputPath = path.join(dir, "output");
  const summaryPath = path.join(dir, "step-summary");
  writeFileSync(outputPath, "");
  writeFileSync(summaryPath, "");
  return {
    github,
    git,
    model: modelServer,
    pull,
    token,
    dir,
    env(eventName, payload, inputs = {}) {
      const eventPath = path.join(dir, `${eventName}.json`);
      writeFileSync(eventPath, JSON.stringify(payload));
      const env: NodeJS.ProcessEnv = {
        PATH: process.env.PATH,
        GITHUB_ACTIONS: "true",
        GITHUB_EVENT_NAME: eventName,
        GITHUB_EVENT_PATH: eventPath,
        GITHUB_API_URL: github.url,
        GITHUB_REPOSITORY: `${OWNER}/${REPO}`,
        // A merge commit, as GitHub sets it for pull_request: never what gets reviewed.
        GITHUB_SHA: "0000000000000000000000000000000000000000",
        GITHUB_OUTPUT: outputPath,
        GITHUB_STEP_SUMMARY: summaryPath,
        "INPUT_GITHUB-TOKEN": token,
        INPUT_MODEL: "review-model",
        "INPUT_BASE-URL": modelServer.baseURL,
        "INPUT_API-KEY": "sk-loopback",
      };
      for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
      return env;
    },
    outputs: () => readFileSync(outputPath, "utf8"),
    stepSummary: () => readFileSync(summaryPath, "utf8"),
    async close() {
      rmSync(dir, { recursive: true, force: true });
      git.cleanup();
      await modelServer.close();
      await github.close();
    },
  };
}

/** A real `pull_request` payload from @octokit/webhooks-examples, pointed at the test pull request. */
export function pullRequestEvent(action: string, pull: TestPullRequest, overrides: { fork?: boolean; draft?: boolean } = {}): unknown {
  const example = structuredClone(findExample("pull_request", action)) as Record<string, any>;
  example.repository = { ...example.repository, name: REPO, full_name: `${OWNER}/${REPO}`, owner: { ...example.repository.owner, login: OWNER } };
  const headRepo = overrides.fork
    ? { ...example.repository, full_name: `mallory/${REPO}`, fork: true, owner: { login: "mallory" } }
    : example.repository;
  example.pull_request = {
    ...example.pull_request,
    number: pull.number,
    draft: overrides.draft ?? false,
    head: { ...example.pull_request.head, sha: pull.headShas.at(-1), repo: headRepo },
    base: { ...example.pull_request.base, repo: example.repository },
  };
  example.number = pull.number;
  return example;
}

function findExample(name: string, action: string): unknown {
  const event = (examples as unknown as Array<{ name: string; examples: Array<{ action?: string }> }>).find((e) => e.name === name);
  const example = event?.examples.find((e) => e.action === action);
  if (!example) throw new Error(`no ${name}.${action} example in @octokit/webhooks-examples`);
  return example;
}

/** A real `issue_comment.created` payload, moved onto the test pull request and its comment. */
export function commentEvent(pull: TestPullRequest, comment: { id: number; body: string; user: { login: string } }, association: string): unknown {
  const example = structuredClone(findExample("issue_comment", "created")) as Record<string, any>;
  example.repository = { ...example.repository, name: REPO, full_name: `${OWNER}/${REPO}`, owner: { ...example.repository.owner, login: OWNER } };
  example.issue = { ...example.issue, number: pull.number, pull_request: { url: `https://api.github.com/repos/${OWNER}/${REPO}/pulls/${pull.number}` } };
  const user = { ...example.comment.user, login: comment.user.login, type: "User" };
  example.comment = { ...example.comment, id: comment.id, body: comment.body, user, author_association: association };
  example.sender = { ...example.sender, login: comment.user.login, type: "User" };
  return example;
}

/** The Action in this process, with the plugins' waits made milliseconds and no model retry sleep. */
export async function runInProcess(env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string }> {
  const stdout = new PassThrough();
  const out: Buffer[] = [];
  stdout.on("data", (b: Buffer) => out.push(b));
  const code = await runAction({
    env,
    stdout,
    readFile: (file) => readFile(file, "utf8"),
    appendFile: (file, text) => appendFile(file, text, "utf8"),
    throttle: { ...unspacedThrottleGroups(), retryAfterBaseValue: 1 },
    retry: { retryAfterBaseValue: 1 },
    sleep: async () => {},
  });
  return { code, stdout: Buffer.concat(out).toString("utf8") };
}
