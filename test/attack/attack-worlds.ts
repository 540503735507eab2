/**
 * A change of the attacker's making, reviewed through the GitHub Action and the GitLab CI job
 * against the loopback forges and a loopback model the test scripts: the title, description,
 * file names, contents and commit message are the test's, and so is the model's answer (a
 * model that obeys whatever the change told it). What the bot posted is read back whole.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pullRequestEvent, runInProcess } from "../entries/action/action-fixture.js";
import { mergeRequestJobEnv } from "../entries/gitlab-ci/gitlab-ci-env.js";
import { PROJECT, startFixture } from "../forges/gitlab/gitlab-fixture.js";
import { createRepo } from "../support/git-repo.js";
import { startGitHubServer, type GitHubServer } from "../support/github-server/index.js";
import type { GitLabServer } from "../support/gitlab-server/index.js";
import { startModelServer, type ModelServer, type ReplyHandler } from "../support/model-server.js";
import { runCli } from "../support/run-cli.js";

export interface AttackChange {
  title: string;
  description: string;
  base: Record<string, string>;
  head: Record<string, string>;
  commitMessage: string;
}

export interface AttackRun {
  forge: "github" | "gitlab";
  code: number;
  /** Everything the entry printed. */
  log: string;
  model: ModelServer;
  /** Every body the bot wrote on the forge. */
  bodies: string[];
  /** Whether the bot approved. */
  approved: boolean;
  /** Every request the forge received, bodies included (the test servers keep no Authorization header). */
  forgeRequests: readonly unknown[];
  /** The token the entry was given for the forge. */
  forgeToken: string;
  close(): Promise<void>;
}

export async function attackThroughAction(change: AttackChange, model: ReplyHandler, env: Record<string, string> = {}): Promise<AttackRun> {
  const github: GitHubServer = await startGitHubServer();
  const git = createRepo();
  for (const [file, text] of Object.entries(change.base)) git.write(file, text);
  git.commit("base");
  git.git("checkout", "-q", "-b", "fix");
  for (const [file, text] of Object.entries(change.head)) git.write(file, text);
  git.commit(change.commitMessage);
  const repository = github.addRepository({ owner: "acme", name: "widgets", git, collaborators: { alice: "write" } });
  const pull = repository.addPullRequest({ title: change.title, body: change.description, author: "alice", base: { ref: "main" }, head: { ref: "fix" } });
  const server = await startModelServer(model);
  const dir = mkdtempSync(path.join(tmpdir(), "ai-review-attack-"));
  const forgeToken = github.actionsToken("acme/widgets");
  const eventPath = path.join(dir, "event.json");
  writeFileSync(eventPath, JSON.stringify(pullRequestEvent("opened", pull)));
  const run = await runInProcess({
    PATH: process.env.PATH,
    GITHUB_ACTIONS: "true",
    GITHUB_EVENT_NAME: "pull_request",
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_API_URL: github.url,
    GITHUB_REPOSITORY: "acme/widgets",
    "INPUT_GITHUB-TOKEN": forgeToken,
    INPUT_MODEL: "review-model",
    "INPUT_BASE-URL": server.baseURL,
    "INPUT_API-KEY": "sk-loopback",
    ...env,
  });
  const bot = "github-actions[bot]";
  return {
    forge: "github",
    code: run.code,
    log: run.stdout,
    model: server,
    bodies: [
      ...pull.reviews.filter((r) => r.user.login === bot).map((r) => r.body ?? ""),
      ...pull.reviewComments.filter((c) => c.user.login === bot).map((c) => c.body),
      ...pull.issueComments.filter((c) => c.user.login === bot).map((c) => c.body),
    ],
    approved: pull.reviews.some((r) => r.state === "APPROVED"),
    forgeRequests: github.requests,
    forgeToken,
    async close() {
      rmSync(dir, { recursive: true, force: true });
      git.cleanup();
      await server.close();
      await github.close();
    },
  };
}

export async function attackThroughGitLabCi(change: AttackChange, model: ReplyHandler, env: Record<string, string> = {}): Promise<AttackRun> {
  const fixture = await startFixture();
  const { git } = fixture;
  for (const [file, text] of Object.entries(change.base)) git.write(file, text);
  git.commit("base");
  git.git("checkout", "-q", "-b", "fix");
  for (const [file, text] of Object.entries(change.head)) git.write(file, text);
  git.commit(change.commitMessage);
  const mr = fixture.project().addMergeRequest({ title: change.title, description: change.description, author: "alice", target: { branch: "main" }, source: { branch: "fix" } });
  const { token, user: bot } = fixture.gitlab.projectAccessToken(PROJECT, { name: "ai-review" });
  const server = await startModelServer(model);
  const dir = mkdtempSync(path.join(tmpdir(), "ai-review-attack-"));
  const gitlab: GitLabServer = fixture.gitlab;
  const run = await runCli(["gitlab-ci"], { cwd: dir, env: { ...mergeRequestJobEnv(gitlab, fixture.project(), mr, server.baseURL), AI_REVIEW_GITLAB_TOKEN: token, ...env } });
  return {
    forge: "gitlab",
    code: run.code,
    log: `${run.stdout}\n${run.stderr}`,
    model: server,
    bodies: mr.notes.filter((n) => n.author.username === bot.username).map((n) => n.body),
    approved: mr.approvals.size > 0,
    forgeRequests: gitlab.requests,
    forgeToken: token,
    async close() {
      rmSync(dir, { recursive: true, force: true });
      await server.close();
      await fixture.close();
    },
  };
}

export const ATTACK_ENTRIES = [
  { name: "GitHub Action", run: attackThroughAction },
  { name: "GitLab CI job", run: attackThroughGitLabCi },
] as const;
