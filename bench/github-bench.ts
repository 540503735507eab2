/**
 * GitHub figures: write calls per published review for 1, 10 and 100 findings (the same
 * for all three: one review and one summary), and how fast `ai-review serve` answers
 * webhooks while 50 reviews wait behind a slow model (p99 under 50 ms: handlers only
 * enqueue). Everything runs against the loopback GitHub server and model, here.
 */
import { generateKeyPairSync } from "node:crypto";
import { sign } from "@octokit/webhooks-methods";
import { pino } from "pino";
import type { Logger } from "probot";
import { fingerprint } from "../src/core/fingerprint.js";
import type { Review, ReviewComment } from "../src/core/review-result.js";
import { startServer } from "../src/entries/serve/start-server.js";
import { createGitHubOctokit } from "../src/forges/github/create-github-octokit.js";
import { GitHubPublisher } from "../src/forges/github/github-publisher.js";
import { createRepo } from "../test/support/git-repo.js";
import { reviewWith } from "../test/support/review-with.js";
import { startGitHubServer } from "../test/support/github-server/index.js";
import { unspacedThrottleGroups } from "../test/support/github-server/test-octokit.js";

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

async function writeCalls(): Promise<void> {
  const github = await startGitHubServer();
  const git = createRepo();
  try {
    git.write("src/app.ts", "export const a = 0;\n");
    git.commit("base");
    git.git("checkout", "-q", "-b", "fix");
    git.write("src/app.ts", `${Array.from({ length: 120 }, (_, i) => `export const v${i} = ${i};`).join("\n")}\n`);
    const head = git.commit("values");
    const repository = github.addRepository({ owner: "acme", name: "widgets", git });
    const octokit = createGitHubOctokit({
      token: github.actionsToken("acme/widgets"),
      baseUrl: github.url,
      version: "bench",
      logger: quiet,
      throttle: { ...unspacedThrottleGroups(), retryAfterBaseValue: 1 },
    });
    const row: string[] = [];
    for (const n of [1, 10, 100]) {
      const pull = repository.addPullRequest({ title: `${n} findings`, author: "alice", base: { ref: "main" }, head: { ref: "fix" } });
      const comments = Array.from({ length: n }, (_, i) => finding(i + 1));
      const before = github.writes().length;
      const publisher = new GitHubPublisher({ octokit, owner: "acme", repo: "widgets", pullNumber: pull.number, botLogin: "github-actions[bot]" });
      await publisher.publish(reviewOf(head, comments), { head, base: null, fingerprints: comments.map((c) => c.fingerprint) });
      row.push(`${n} -> ${github.writes().length - before}`);
    }
    console.log(`GitHub write calls per review (findings -> calls): ${row.join(", ")} (target: the same for all)`);
  } finally {
    git.cleanup();
    await github.close();
  }
}

async function webhookLatency(): Promise<void> {
  const REVIEWS = 50;
  const MEASURED = 400;
  const github = await startGitHubServer();
  const git = createRepo();
  const keys = generateKeyPairSync("rsa", { modulusLength: 2048, publicKeyEncoding: { type: "spki", format: "pem" }, privateKeyEncoding: { type: "pkcs8", format: "pem" } });
  let releaseModel: () => void = () => {};
  const slowModel = new Promise<void>((resolve) => (releaseModel = resolve));
  try {
    git.write("a.txt", "a\n");
    git.commit("base");
    git.git("checkout", "-q", "-b", "fix");
    git.write("a.txt", "b\n");
    git.commit("fix");
    const repository = github.addRepository({ owner: "acme", name: "widgets", git });
    for (let i = 0; i < REVIEWS; i++) repository.addPullRequest({ title: `pr ${i}`, author: "alice", base: { ref: "main" }, head: { ref: "fix" } });
    github.addApp({ id: 1, slug: "ai-review", publicKey: keys.publicKey });
    github.addInstallation({ id: 7, appId: 1, account: "acme" });
    const secret = "bench-secret";
    const server = await startServer({
      env: { APP_ID: "1", PRIVATE_KEY: keys.privateKey, WEBHOOK_SECRET: secret, PORT: "0", HOST: "127.0.0.1", GITHUB_API_URL: github.url, AI_REVIEW_CONCURRENT_REVIEWS: "2" },
      logger: pino({ level: "silent" }) as unknown as Logger,
      // A model that does not answer until the bench is over: every review waits on it.
      runJob: () => slowModel,
    });
    const send = async (n: number, action: string): Promise<number> => {
      const body = JSON.stringify({
        action,
        number: n,
        pull_request: { number: n, state: "open", draft: false, head: { sha: "0".repeat(40) }, base: { sha: "1".repeat(40) } },
        repository: { name: "widgets", full_name: "acme/widgets", owner: { login: "acme" } },
        installation: { id: 7 },
        sender: { login: "alice", type: "User" },
      });
      const started = performance.now();
      const answer = await fetch(`${server.url}/api/github/webhooks`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-github-event": "pull_request", "x-github-delivery": `d-${action}-${n}-${started}`, "x-hub-signature-256": await sign(secret, body) },
        body,
      });
      await answer.text();
      if (answer.status !== 200) throw new Error(`webhook answered ${answer.status}`);
      return performance.now() - started;
    };
    for (let n = 1; n <= REVIEWS; n++) await send(n, "opened");
    const times: number[] = [];
    for (let i = 0; i < MEASURED; i++) times.push(await send((i % REVIEWS) + 1, "synchronize"));
    const stats = await server.queue.stats();
    times.sort((a, b) => a - b);
    const p = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(1);
    console.log(
      `webhook answer time with ${stats.waiting + stats.running} reviews queued (${stats.running} running behind a model that does not answer), ${MEASURED} deliveries: p50 ${p(0.5)} ms, p99 ${p(0.99)} ms, max ${p(1)} ms (target p99 < 50 ms)`,
    );
    releaseModel();
    await server.close();
  } finally {
    releaseModel();
    git.cleanup();
    await github.close();
  }
}

function finding(line: number): ReviewComment {
  const body = `Value ${line} needs a name.`;
  return { path: "src/app.ts", line, side: "RIGHT", severity: "minor", body, fingerprint: fingerprint({ path: "src/app.ts", side: "RIGHT", body, lineText: `export const v${line - 1} = ${line - 1};` }) };
}

function reviewOf(head: string, comments: ReviewComment[]): Review {
  return reviewWith({ comments, head });
}

export async function benchGitHub(): Promise<void> {
  console.log("\n== GitHub: publishing and the app's webhooks ==");
  await writeCalls();
  await webhookLatency();
}
