/**
 * Found: on SIGTERM a worker waited AI_REVIEW_SHUTDOWN_GRACE_MS for its running reviews,
 * then closed the queue and returned, but a review still running kept the process alive
 * (its model call was still open) and went on to publish, while its job, left to a lock
 * that was no longer renewed, was run again by another worker a minute later: two reviews
 * of one change at once, and a "graceful" stop that did not stop. With the in-process queue
 * the grace was not applied at all. Now a review running past the grace is handed back to
 * the queue at once (another worker starts it), logged, and the process exits 0.
 */
import { afterAll, beforeAll, expect, test } from "vitest";
import { readSummaryMarker } from "../../src/core/review-marker.js";
import { createRepo, type Repo } from "../support/git-repo.js";
import { type GitHubServer, startGitHubServer } from "../support/github-server/index.js";
import { HeldReplies } from "../support/held-replies.js";
import { type ModelServer, reply, startModelServer } from "../support/model-server.js";
import { deletePrefix, testRedisUrl, uniquePrefix } from "../support/test-redis.js";
import { APP_ID, INSTALLATION_ID, pullRequestPayload, startHarness, testKeys, WEBHOOK_SECRET } from "../serve/serve-harness.js";
import { assertFreshBuild, type ServeProcess, redisServeEnv, startServeProcess } from "../serve/serve-process.js";
import { sign } from "@octokit/webhooks-methods";

const redisUrl = testRedisUrl();
const prefix = uniquePrefix("adv10-sigterm");
const processes: ServeProcess[] = [];
let github: GitHubServer | undefined;
let model: ModelServer | undefined;
let git: Repo | undefined;

beforeAll(() => assertFreshBuild());
afterAll(async () => {
  for (const p of processes) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill("SIGKILL");
  await model?.close();
  await github?.close();
  git?.cleanup();
  if (redisUrl) await deletePrefix(redisUrl, prefix);
});

test.skipIf(!redisUrl)("SIGTERM with a review hung past the grace: exit 0 at once, and another worker reviews the change once", { timeout: 60_000 }, async () => {
  github = await startGitHubServer();
  git = createRepo();
  git.write("app.txt", "one\n");
  const base = git.commit("base");
  git.git("checkout", "-q", "-b", "fix");
  git.write("app.txt", "two\n");
  git.commit("fix");
  const pull = github.addRepository({ owner: "acme", name: "widgets", git }).addPullRequest({ number: 1, title: "Fix", author: "alice", base: { ref: "main", sha: base }, head: { ref: "fix" } });
  const keys = testKeys();
  github.addApp({ id: APP_ID, slug: "ai-review", publicKey: keys.publicKey });
  github.addInstallation({ id: INSTALLATION_ID, appId: APP_ID, account: "acme" });

  // The first worker's model calls never end; once it is gone, the model answers.
  const held = new HeldReplies();
  let holding = true;
  model = await startModelServer((request) => {
    if (holding) return held.handler(request);
    const prompt = request.body.messages.map((m) => m.content).join("\n");
    if (prompt.startsWith("Write the overall summary")) return reply.json({ summary: "Overall fine." });
    return reply.json({ summary: "Checked.", comments: [] });
  });

  const env = {
    ...redisServeEnv({ privateKey: keys.privateKey, githubUrl: github.url, modelUrl: model.baseURL, redisUrl: redisUrl!, prefix }),
    AI_REVIEW_SHUTDOWN_GRACE_MS: "100",
    // The defaults: a job left to its lock would wait up to a minute for the stall check.
    AI_REVIEW_QUEUE_LOCK_MS: "30000",
    AI_REVIEW_QUEUE_STALLED_INTERVAL_MS: "30000",
  };
  const first = await startServeProcess(["--role", "all"], env);
  processes.push(first);
  const body = JSON.stringify(pullRequestPayload(pull, "opened"));
  const answer = await fetch(`${first.url}/api/github/webhooks`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-github-event": "pull_request", "x-github-delivery": "adv10-1", "x-hub-signature-256": await sign(WEBHOOK_SECRET, body) },
    body,
  });
  expect(answer.status).toBe(200);
  await held.arrived(1);

  first.child.kill("SIGTERM");
  let timer: NodeJS.Timeout | undefined;
  const stuck = new Promise<string>((resolve) => (timer = setTimeout(() => resolve("still running 20 s after SIGTERM"), 20_000)));
  expect(await Promise.race([first.exited, stuck])).toBe(0);
  clearTimeout(timer);
  expect(first.records.some((r) => typeof r.msg === "string" && r.msg.startsWith("review still running when the shutdown grace ran out: handed back"))).toBe(true);

  expect(first.records.filter((r) => r.msg === "review published")).toEqual([]);
  holding = false;
  const second = await startServeProcess(["--role", "worker"], env);
  processes.push(second);
  while (!second.records.some((r) => r.msg === "review finished")) await new Promise((resolve) => setTimeout(resolve, 50));
  const summaries = pull.issueComments.filter((comment) => comment.user.login === "ai-review[bot]");
  expect(summaries).toHaveLength(1);
  expect(readSummaryMarker(summaries[0]!.body)?.head).toBe(pull.headSha);
  expect(second.records.filter((r) => r.msg === "review finished")).toHaveLength(1);
  second.child.kill("SIGTERM");
  expect(await second.exited).toBe(0);
});

test("in-process queue: a stop waits for a running review only as long as the grace", async () => {
  const h = await startHarness({ holdJobs: true, env: { AI_REVIEW_SHUTDOWN_GRACE_MS: "0" } });
  try {
    await h.send("pull_request", pullRequestPayload(h.pull, "opened"));
    await h.runsStarted(1);
    expect(await h.server.close()).toEqual({ unfinished: 1 });
    expect(h.logs.records().some((r) => typeof r.msg === "string" && r.msg.includes("shutdown grace ran out: not finished"))).toBe(true);
  } finally {
    for (const run of h.runs) run.release();
    await h.github.close();
    h.git.cleanup();
  }
});
