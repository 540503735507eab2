/**
 * A review was posted twice when GitHub stored it but answered 502 (GitHub does this when
 * its front end times out on a slow write): plugin-retry retries every 5xx, including the
 * non-idempotent `POST .../reviews` and `POST .../issues/{n}/comments`, so every inline
 * comment appeared twice on the pull request (and the summary could be created twice).
 * The publisher must not blindly resend a write whose outcome is unknown; it may retry
 * only after checking that nothing was stored (e.g. list the reviews at `commit_id`).
 *
 * The test puts a loopback proxy in front of the test GitHub server that forwards the
 * first review POST (so GitHub stores it) and answers 502 instead of GitHub's 200.
 */
import { createServer, request, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { readFindingMarker } from "../../src/core/review-marker.js";
import { createGitHubOctokit } from "../../src/forges/github/create-github-octokit.js";
import { GitHubPublisher } from "../../src/forges/github/github-publisher.js";
import { unspacedThrottleGroups } from "../support/github-server/test-octokit.js";
import { findingAt, OWNER, REPO, reviewOf, startFixture, type Fixture } from "../forges/github/github-fixture.js";

let fixture: Fixture | undefined;
let proxy: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (proxy ? proxy.close(() => resolve()) : resolve()));
  proxy = undefined;
  await fixture?.close();
  fixture = undefined;
});

/** Forwards everything to `target`; the first request matching `lose` is forwarded, but its answer is replaced by a 502. */
async function lossyProxy(target: string, lose: (method: string, path: string) => boolean): Promise<string> {
  const upstream = new URL(target);
  let lost = false;
  proxy = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const forward = request(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: `${upstream.pathname.replace(/\/$/, "")}${req.url}`, headers: { ...req.headers, host: upstream.host } },
        (answer: IncomingMessage) => {
          const answerChunks: Buffer[] = [];
          answer.on("data", (c: Buffer) => answerChunks.push(c));
          answer.on("end", () => {
            if (!lost && lose(req.method ?? "", req.url ?? "")) {
              lost = true;
              res.writeHead(502, { "content-type": "application/json" }).end(JSON.stringify({ message: "Server Error" }));
              return;
            }
            res.writeHead(answer.statusCode ?? 500, answer.headers).end(Buffer.concat(answerChunks));
          });
        },
      );
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => proxy!.listen(0, "127.0.0.1", () => resolve()));
  return `http://127.0.0.1:${(proxy!.address() as AddressInfo).port}`;
}

async function setUp() {
  fixture = await startFixture();
  const { github, git } = fixture;
  git.write("src/app.ts", "const a = 1;\n");
  git.commit("base");
  git.git("checkout", "-q", "-b", "fix");
  git.write("src/app.ts", "const a = 1;\nconst b = 2;\nconst c = 3;\n");
  const head = git.commit("add lines");
  const repository = github.addRepository({ owner: OWNER, name: REPO, git });
  const pull = repository.addPullRequest({ title: "Add lines", author: "alice", base: { ref: "main" }, head: { ref: "fix" } });
  return { github, head, pull, token: github.actionsToken(`${OWNER}/${REPO}`) };
}

function octokitAt(baseUrl: string, token: string) {
  return createGitHubOctokit({
    token,
    baseUrl,
    version: "0.0.0-test",
    logger: { debug() {}, info() {}, warn() {}, error() {} },
    throttle: { ...unspacedThrottleGroups(), retryAfterBaseValue: 1 },
    retry: { retryAfterBaseValue: 1 },
  });
}

describe("regression: a review GitHub stored but answered 5xx for is posted again", () => {
  it("posts each inline comment once when the review POST is stored and answered 502", async () => {
    const { github, head, pull, token } = await setUp();
    const url = await lossyProxy(github.url, (method, path) => method === "POST" && /\/pulls\/\d+\/reviews$/.test(path));
    const comments = [findingAt("src/app.ts", 2, 1), findingAt("src/app.ts", 3, 2)];
    const publisher = new GitHubPublisher({ octokit: octokitAt(url, token), owner: OWNER, repo: REPO, pullNumber: pull.number, botLogin: "github-actions[bot]" });
    await publisher
      .publish(reviewOf(head, comments), { head, base: null, fingerprints: comments.map((c) => c.fingerprint) })
      .catch(() => undefined); // failing loudly is acceptable; posting twice is not
    const fingerprints = pull.reviewComments.map((c) => readFindingMarker(c.body));
    expect(pull.reviews).toHaveLength(1);
    expect(fingerprints).toEqual(comments.map((c) => c.fingerprint));
  });

  it("creates one summary comment when the summary POST is stored and answered 502", async () => {
    const { github, head, pull, token } = await setUp();
    const url = await lossyProxy(github.url, (method, path) => method === "POST" && /\/issues\/\d+\/comments$/.test(path));
    const publisher = new GitHubPublisher({ octokit: octokitAt(url, token), owner: OWNER, repo: REPO, pullNumber: pull.number, botLogin: "github-actions[bot]" });
    await publisher.publish(reviewOf(head, []), { head, base: null, fingerprints: [] }).catch(() => undefined);
    expect(pull.issueComments).toHaveLength(1);
  });
});
