import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, test } from "vitest";
import { commentPayload, type Harness, MODEL_KEY, pullRequestPayload, startHarness, testKeys, WEBHOOK_SECRET } from "./serve-harness.js";

let harness: Harness | undefined;
let keyDir: string | undefined;
afterEach(async () => {
  await harness?.close();
  if (keyDir) rmSync(keyDir, { recursive: true, force: true });
  harness = keyDir = undefined;
});

test("logs at trace level through a whole session never hold the webhook secret, the private key, a JWT, a token or the model key", async () => {
  keyDir = mkdtempSync(join(tmpdir(), "ai-review-key-"));
  const keyFile = join(keyDir, "app.pem");
  writeFileSync(keyFile, testKeys().privateKey);
  const tokens: string[] = [];
  harness = await startHarness({
    // The key comes from a file here, so PRIVATE_KEY_PATH is exercised too.
    env: { PRIVATE_KEY: undefined, PRIVATE_KEY_PATH: keyFile },
    work: async (job, octokit) => {
      tokens.push(((await octokit.auth({ type: "installation" })) as { token: string }).token);
      await octokit.rest.issues.createComment({ owner: job.owner, repo: job.repo, issue_number: job.pullNumber, body: "Summary" });
      // A failing API call: the error octokit throws carries the request, headers included.
      await octokit.rest.pulls.get({ owner: job.owner, repo: job.repo, pull_number: 999 });
    },
  });
  const h = harness;
  await h.send("pull_request", pullRequestPayload(h.pull, "opened"), { deliveryId: "d-1" });
  await h.send("pull_request", pullRequestPayload(h.pull, "opened"), { deliveryId: "d-1" });
  await h.send("pull_request", pullRequestPayload(h.pull, "synchronize"), { signature: "sha256=forged" });
  await h.send("issue_comment", commentPayload(h.pull, h.pull.addIssueComment("mallory", "/review")));
  await h.send("issue_comment", commentPayload(h.pull, h.pull.addIssueComment("bob", "/review full"), { association: "CONTRIBUTOR" }));
  await h.server.queue.drain();

  const records = h.logs.records();
  // The search below means something only if the session did log its failures and requests.
  expect(records.filter((r) => r.msg === "review failed").map((r) => (r.err as { status?: number }).status)).toEqual([404, 404]);
  expect(records.some((r) => String(r.msg).startsWith("GitHub request: POST"))).toBe(true);
  expect(tokens).toHaveLength(2);
  for (const token of tokens) expect(token).toMatch(/^ghs_.{20,}/);

  const text = h.logs.lines.join("\n");
  const keyLines = testKeys().privateKey.split("\n").filter((line) => line.length > 40);
  const secrets = {
    WEBHOOK_SECRET,
    MODEL_KEY,
    ...Object.fromEntries(tokens.map((token, i) => [`installation token ${i}`, token])),
    ...Object.fromEntries(keyLines.map((line, i) => [`private key line ${i}`, line])),
    // Every app JWT starts with this header: {"alg":"RS256","typ":"JWT"}.
    "app JWT": Buffer.from('{"alg":"RS256"').toString("base64url").slice(0, 16),
  };
  const leaked = Object.entries(secrets).filter(([, secret]) => text.includes(secret)).map(([name]) => name);
  expect(leaked).toEqual([]);
});
