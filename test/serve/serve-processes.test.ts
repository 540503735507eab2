/**
 * `ai-review serve` at scale, as deployed: one web and two worker processes (the built
 * bin) sharing a real Redis, 200 signed GitHub deliveries (pushes that supersede each other,
 * redeliveries) against the loopback GitHub server and model, and one worker killed with
 * SIGKILL in the middle of a review. What must hold: every delivery is answered, every pull
 * request ends with exactly one review of its last head and one summary that says so, no
 * comment is posted twice, no push goes unreviewed; the survivors stop on SIGTERM with 0.
 */
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFindingMarker, readSummaryMarker } from "../../src/core/review-marker.js";
import { createRepo, type Repo } from "../support/git-repo.js";
import { type GitHubServer, startGitHubServer, type TestPullRequest } from "../support/github-server/index.js";
import { reply, startModelServer, type ModelServer } from "../support/model-server.js";
import { deletePrefix, testRedisUrl, uniquePrefix } from "../support/test-redis.js";
import { APP_ID, INSTALLATION_ID, pullRequestPayload, testKeys, WEBHOOK_SECRET } from "./serve-harness.js";
import { assertFreshBuild, type ServeProcess, redisServeEnv, startServeProcess } from "./serve-process.js";
import { sign } from "@octokit/webhooks-methods";

const redisUrl = testRedisUrl();
const PULLS = 20;
/** Per pull request: opened, then pushes, each announced by a synchronize delivery. */
const EVENTS_PER_PULL = 8;
/** Every 4th delivery is delivered again with the same id: 160 + 40 = 200. */
const REDELIVER_EVERY = 4;

describe.skipIf(!redisUrl)("ai-review serve: one web, two workers, Redis", () => {
  let github: GitHubServer;
  let model: ModelServer;
  let git: Repo;
  const prefix = uniquePrefix("processes");
  const processes: ServeProcess[] = [];

  beforeAll(() => assertFreshBuild());
  afterAll(async () => {
    for (const p of processes) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill("SIGKILL");
    await model?.close();
    await github?.close();
    git?.cleanup();
    if (redisUrl) await deletePrefix(redisUrl, prefix);
  });

  it("200 deliveries, a worker killed mid-review: one up-to-date review per pull request, nothing twice, nothing lost", { timeout: 180_000 }, async () => {
    github = await startGitHubServer();
    git = createRepo();
    git.write("app.txt", "one\n");
    const base = git.commit("base");
    const files = new Map<number, string[]>();
    const commitOn = (pull: number, n: number): string => {
      git.git("checkout", "-q", `pr-${pull}`);
      const file = `p${pull}-${n}.txt`;
      git.write(file, `change ${n} of pull ${pull}\n`);
      files.get(pull)!.push(file);
      return git.commit(file);
    };
    const repository = github.addRepository({ owner: "acme", name: "widgets", git });
    const pulls: TestPullRequest[] = [];
    for (let i = 1; i <= PULLS; i++) {
      git.git("checkout", "-q", "-b", `pr-${i}`, base);
      files.set(i, []);
      commitOn(i, 0);
      pulls.push(repository.addPullRequest({ number: i, title: `Pull ${i}`, author: "alice", base: { ref: "main", sha: base }, head: { ref: `pr-${i}` } }));
    }
    const keys = testKeys();
    github.addApp({ id: APP_ID, slug: "ai-review", publicKey: keys.publicKey });
    github.addInstallation({ id: INSTALLATION_ID, appId: APP_ID, account: "acme" });

    // A fixed latency, so that reviews overlap with deliveries and the kill lands mid-review.
    model = await startModelServer((request) => {
      const prompt = request.body.messages.map((m) => m.content).join("\n");
      if (prompt.startsWith("Write the overall summary")) return reply.json({ summary: "Overall fine." }, { delayMs: 60 });
      const paths = [...new Set(prompt.match(/p\d+-\d+\.txt/g) ?? [])];
      return reply.json({ summary: "Checked.", comments: paths.map((path) => ({ path, line: 1, severity: "minor", title: "Check", body: `Look again at ${path}.` })) }, { delayMs: 120 });
    });

    const env = {
      ...redisServeEnv({ privateKey: keys.privateKey, githubUrl: github.url, modelUrl: model.baseURL, redisUrl: redisUrl!, prefix }),
      // A dead worker's review is taken over after about a second, not thirty.
      AI_REVIEW_QUEUE_LOCK_MS: "1000",
      AI_REVIEW_QUEUE_STALLED_INTERVAL_MS: "300",
      AI_REVIEW_RETRY_BACKOFF_MS: "50",
    };
    const web = await startServeProcess(["--role", "web"], env);
    const doomed = await startServeProcess(["--role", "worker", "--concurrency", "2"], env);
    const survivor = await startServeProcess(["--role", "worker", "--concurrency", "2"], env);
    processes.push(web, doomed, survivor);

    let sent = 0;
    const answers: Array<{ status: number; body: string }> = [];
    const deliver = async (event: string, payload: object, deliveryId: string) => {
      const body = JSON.stringify(payload);
      const signature = await sign(WEBHOOK_SECRET, body);
      const post = () =>
        fetch(`${web.url}/api/github/webhooks`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-github-event": event, "x-github-delivery": deliveryId, "x-hub-signature-256": signature },
          body,
        });
      // A kept-alive socket the server closed as it was reused ("other side closed") never
      // reached the server: sent again, as GitHub would.
      const response = await post().catch(() => post());
      answers.push({ status: response.status, body: await response.text() });
    };
    const send = async (pull: TestPullRequest, action: "opened" | "synchronize") => {
      const id = `delivery-${pull.number}-${pull.headShas.length}`;
      const payload = pullRequestPayload(pull, action);
      await deliver("pull_request", payload, id);
      if (++sent % REDELIVER_EVERY === 0) await deliver("pull_request", payload, id);
    };

    await Promise.all(pulls.map((pull) => send(pull, "opened")));
    for (let round = 1; round < EVENTS_PER_PULL; round++) {
      if (round === 4) {
        // Mid-review: the doomed worker has a review started and not ended.
        const busy = () => {
          const count = (msg: string) => doomed.records.filter((r) => r.msg === msg).length;
          return count("review started") > count("review finished") + count("review attempt failed");
        };
        while (!busy()) await new Promise((resolve) => setTimeout(resolve, 5));
        doomed.child.kill("SIGKILL");
      }
      await Promise.all(
        pulls.map((pull) => {
          pull.push(commitOn(pull.number, round));
          return send(pull, "synchronize");
        }),
      );
    }
    expect(answers).toHaveLength(200);
    expect(answers.filter((a) => a.status !== 200)).toEqual([]);
    expect(answers.filter((a) => a.body.includes("duplicate delivery ignored"))).toHaveLength(200 / (REDELIVER_EVERY + 1));
    expect(await doomed.exited).toBe("SIGKILL");

    // Done when no change has work left in Redis, whichever process holds it.
    const redis = new Redis(redisUrl!);
    try {
      while ((await redis.hlen(`${prefix}:change:state`)) > 0) await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      redis.disconnect();
    }

    const taken = survivor.records.filter((r) => r.msg === "review started").length;
    expect(taken).toBeGreaterThan(0);
    for (const pull of pulls) {
      const last = pull.headSha;
      const where = `pull ${pull.number}`;
      expect(pull.reviews.filter((review) => review.commitId === last), where).toHaveLength(1);
      const summaries = pull.issueComments.filter((comment) => comment.user.login === "ai-review[bot]");
      expect(summaries, where).toHaveLength(1);
      expect(readSummaryMarker(summaries[0]!.body)?.head, where).toBe(last);
      const fingerprints = pull.reviewComments.map((comment) => readFindingMarker(comment.body));
      expect(new Set(fingerprints).size, `${where}: a comment posted twice`).toBe(fingerprints.length);
      // Every push was reviewed: the model saw each of its files. (Inline comments are not
      // required of every file: a push between reading a pull request's head and its files
      // makes GitHub refuse a comment on the newer file, which goes into the summary.)
      const seen = model.requests.map((request) => request.body.messages.map((m) => m.content).join("\n")).join("\n");
      expect(files.get(pull.number)!.filter((file) => !seen.includes(file)), `${where}: a push never reviewed`).toEqual([]);
    }
    expect([...web.records, ...survivor.records].filter((r) => r.msg === "review failed")).toEqual([]);

    web.child.kill("SIGTERM");
    survivor.child.kill("SIGTERM");
    expect([await web.exited, await survivor.exited]).toEqual([0, 0]);
  });
});
