import { afterEach, describe, expect, test } from "vitest";
import { ConfigError } from "../../src/config.js";
import { startServer } from "../../src/entries/serve/start-server.js";
import { fault } from "../support/github-server/index.js";
import { commentPayload, type Harness, type HarnessOptions, pullRequestPayload, startHarness, testKeys, WEBHOOK_SECRET } from "./serve-harness.js";

let open: Harness[] = [];
afterEach(async () => {
  for (const harness of open) await harness.close();
  open = [];
});

async function harness(options?: HarnessOptions): Promise<Harness> {
  const started = await startHarness(options);
  open.push(started);
  return started;
}

/** GitHub requests the app made apart from minting installation tokens. */
const apiCalls = (h: Harness) => h.github.requests.filter((r) => r.path !== "/app" && !r.path.startsWith("/app/")).map((r) => r.route);

describe("ai-review serve: pull request events", () => {
  test("opened gives one incremental job carrying the pull request's address, and the webhook answers 200", async () => {
    const h = await harness();
    const answer = await h.send("pull_request", pullRequestPayload(h.pull, "opened"), { deliveryId: "d-opened" });
    expect(answer.status).toBe(200);
    await h.server.queue.drain();
    expect(h.runs.map((r) => r.job)).toEqual([
      {
        forge: "github",
        key: "github:acme/widgets#1",
        installationId: 77,
        owner: "acme",
        repo: "widgets",
        pullNumber: 1,
        mode: "incremental",
        headSha: h.head,
        deliveryId: "d-opened",
        trigger: { kind: "event", action: "opened" },
      },
    ]);
  });

  test("the job's octokit is the app's installation, authenticated with a real JWT exchange at GITHUB_API_URL", async () => {
    const tokens: string[] = [];
    const h = await harness({
      work: async (job, octokit) => {
        // The token itself, for a client of the adapter's own: minted by the same server, not api.github.com.
        tokens.push(((await octokit.auth({ type: "installation" })) as { token: string }).token);
        await octokit.rest.issues.createComment({ owner: job.owner, repo: job.repo, issue_number: job.pullNumber, body: "Summary" });
      },
    });
    await h.send("pull_request", pullRequestPayload(h.pull, "opened"));
    await h.server.queue.drain();
    expect(h.pull.issueComments.map((c) => c.user.login)).toEqual(["ai-review[bot]"]);
    expect(tokens).toEqual([expect.stringMatching(/^ghs_/)]);
    expect(h.github.requestsTo("POST /app/installations/{installation_id}/access_tokens").map((r) => r.status)).toEqual([201]);
  });

  test("the same delivery sent twice gives one job; the second answer says it was ignored", async () => {
    const h = await harness();
    const payload = pullRequestPayload(h.pull, "opened");
    const first = await h.send("pull_request", payload, { deliveryId: "d-twice" });
    const second = await h.send("pull_request", payload, { deliveryId: "d-twice" });
    await h.server.queue.drain();
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(second.body).toContain("duplicate delivery ignored");
    expect(h.runs).toHaveLength(1);
  });

  test("a push while a review of the pull request waits replaces the waiting one, which runs after the running one", async () => {
    const h = await harness({ holdJobs: true });
    h.git.write("app.txt", "one\n2\n3\n");
    const second = h.git.commit("three");
    h.git.write("app.txt", "1\n2\n3\n");
    const third = h.git.commit("one");
    await h.send("pull_request", pullRequestPayload(h.pull, "opened"));
    await h.runsStarted(1);
    h.pull.push(second);
    await h.send("pull_request", pullRequestPayload(h.pull, "synchronize", second));
    h.pull.push(third);
    await h.send("pull_request", pullRequestPayload(h.pull, "synchronize", third));
    expect(await h.server.queue.stats()).toEqual({ waiting: 1, running: 1 });
    h.runs[0]!.release();
    await h.runsStarted(2);
    h.runs[1]!.release();
    await h.server.queue.drain();
    expect(h.runs.map((r) => [r.job.trigger, r.job.headSha])).toEqual([
      [{ kind: "event", action: "opened" }, h.head],
      [{ kind: "event", action: "synchronize" }, third],
    ]);
    expect(h.logs.records().filter((r) => r.msg === "review replaced")).toHaveLength(1);
  });

  test("the webhook answers at once while a slow review runs", async () => {
    const h = await harness({ holdJobs: true });
    await h.send("pull_request", pullRequestPayload(h.pull, "opened"));
    await h.runsStarted(1);
    const answer = await h.send("pull_request", pullRequestPayload(h.pull, "synchronize"));
    expect(answer.status).toBe(200);
    const health = await fetch(`${h.server.url}/healthz`);
    expect(await health.json()).toEqual({ status: "ok", queue: { waiting: 1, running: 1 } });
    expect(h.runs).toHaveLength(1);
  });

  test("a draft is skipped by default; review_drafts: true in the base's .ai-review.yml reviews it", async () => {
    const skipped = await harness({ draft: true });
    await skipped.send("pull_request", pullRequestPayload(skipped.pull, "opened"));
    await skipped.server.queue.drain();
    expect(skipped.runs).toHaveLength(0);
    expect(skipped.logs.records().some((r) => String(r.msg).startsWith("draft pull request skipped"))).toBe(true);

    const reviewed = await harness({ draft: true, baseFiles: { ".ai-review.yml": "review_drafts: true\n" } });
    await reviewed.send("pull_request", pullRequestPayload(reviewed.pull, "opened"));
    await reviewed.server.queue.drain();
    expect(reviewed.runs).toHaveLength(1);
    expect(apiCalls(reviewed)).toContain("GET /repos/{owner}/{repo}/contents/{path}");
  });

  test("a draft with an invalid base config stays skipped, and the log says why", async () => {
    const h = await harness({ draft: true, baseFiles: { ".ai-review.yml": "review_drafts: maybe\n" } });
    await h.send("pull_request", pullRequestPayload(h.pull, "opened"));
    await h.server.queue.drain();
    expect(h.runs).toHaveLength(0);
    expect(h.logs.records().find((r) => String(r.msg).includes("is invalid"))?.level).toBe(40);
  });

  test("a failing review is logged with its change, and the next review still runs", async () => {
    let calls = 0;
    const h = await harness({
      work: async () => {
        if (++calls === 1) throw new Error("model gateway unreachable");
      },
    });
    await h.send("pull_request", pullRequestPayload(h.pull, "opened"));
    await h.server.queue.drain();
    await h.send("pull_request", pullRequestPayload(h.pull, "synchronize"));
    await h.server.queue.drain();
    expect(h.runs).toHaveLength(2);
    const failed = h.logs.records().filter((r) => r.msg === "review failed");
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ level: 50, change: "github:acme/widgets#1", err: { message: "model gateway unreachable" } });
  });
});

describe("ai-review serve: /review commands", () => {
  test("/review full from a collaborator: an eyes reaction by the bot, then one full job", async () => {
    const h = await harness();
    const comment = h.pull.addIssueComment("bob", "/review full");
    const answer = await h.send("issue_comment", commentPayload(h.pull, comment));
    expect(answer.status).toBe(200);
    await h.server.queue.drain();
    expect(comment.reactions.map((r) => [r.user.login, r.content])).toEqual([["ai-review[bot]", "eyes"]]);
    expect(h.runs.map((r) => [r.job.mode, r.job.trigger, r.job.headSha])).toEqual([["full", { kind: "command", commentId: comment.id, by: "bob" }, undefined]]);
    // Whether the pull request is still open, then the reaction.
    expect(apiCalls(h)).toEqual(["GET /repos/{owner}/{repo}/pulls/{pull_number}", "POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions"]);
  });

  test("/review on a closed pull request runs nothing: no reaction, no reply, no job", async () => {
    const h = await harness();
    h.pull.state = "closed";
    const comment = h.pull.addIssueComment("bob", "/review full");
    expect((await h.send("issue_comment", commentPayload(h.pull, comment))).status).toBe(200);
    await h.server.queue.drain();
    expect(h.runs).toHaveLength(0);
    expect(comment.reactions).toEqual([]);
    expect(h.pull.issueComments).toHaveLength(1);
    expect(h.logs.records().some((r) => r.msg === "/review by bob ignored: acme/widgets#1 is closed")).toBe(true);
  });

  test("a user the association does not cover but with write access (asked through the API) may run /review", async () => {
    const h = await harness();
    const comment = h.pull.addIssueComment("bob", "/review");
    await h.send("issue_comment", commentPayload(h.pull, comment, { association: "CONTRIBUTOR" }));
    await h.server.queue.drain();
    expect(apiCalls(h)).toEqual([
      "GET /repos/{owner}/{repo}/collaborators/{username}/permission",
      "GET /repos/{owner}/{repo}/pulls/{pull_number}",
      "POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions",
    ]);
    expect(h.runs.map((r) => r.job.mode)).toEqual(["incremental"]);
  });

  test("from an outsider (NONE, no write access): one short reply saying who may, no reaction, no job", async () => {
    const h = await harness();
    const comment = h.pull.addIssueComment("mallory", "/review full");
    expect(comment.authorAssociation).toBe("NONE");
    await h.send("issue_comment", commentPayload(h.pull, comment));
    await h.server.queue.drain();
    expect(h.runs).toHaveLength(0);
    expect(comment.reactions).toEqual([]);
    const replies = h.pull.issueComments.filter((c) => c.user.login === "ai-review[bot]");
    expect(replies.map((c) => c.body)).toEqual(["@mallory only repository owners, organization members and collaborators with write access can run `/review`."]);
  });

  test("a reader's association is not enough when the API says read: refused the same way", async () => {
    const h = await harness();
    const comment = h.pull.addIssueComment("carol", "/review");
    await h.send("issue_comment", commentPayload(h.pull, comment, { association: "CONTRIBUTOR" }));
    await h.server.queue.drain();
    expect(h.runs).toHaveLength(0);
    expect(h.pull.issueComments.filter((c) => c.user.login === "ai-review[bot]")).toHaveLength(1);
  });

  test("/review help and an unknown subcommand get the usage as a reply, and no job", async () => {
    const h = await harness();
    await h.send("issue_comment", commentPayload(h.pull, h.pull.addIssueComment("acme", "/review help")));
    await h.send("issue_comment", commentPayload(h.pull, h.pull.addIssueComment("acme", "/review everything")));
    await h.server.queue.drain();
    expect(h.runs).toHaveLength(0);
    const replies = h.pull.issueComments.filter((c) => c.user.login === "ai-review[bot]").map((c) => c.body);
    expect(replies).toHaveLength(2);
    expect(replies[0]).toMatch(/^\*\*ai-review\*\* commands/);
    expect(replies[1]).toMatch(/^`\/review everything` is not a command I know/);
  });

  test("comments of bots (the app's own included), comments not starting with /review, and issue comments do nothing", async () => {
    const h = await harness();
    const own = h.pull.addIssueComment("ai-review[bot]", "/review full");
    const other = h.pull.addIssueComment("renovate[bot]", "/review");
    const chat = h.pull.addIssueComment("bob", "Thanks! I will /review later");
    for (const comment of [own, other, chat]) expect((await h.send("issue_comment", commentPayload(h.pull, comment))).status).toBe(200);
    const onIssue = await h.send("issue_comment", commentPayload(h.pull, h.pull.addIssueComment("bob", "/review"), { onIssue: true }));
    expect(onIssue.status).toBe(200);
    await h.server.queue.drain();
    expect(h.runs).toHaveLength(0);
    expect(apiCalls(h)).toEqual([]);
  });

  test("a command while a review of the pull request waits joins it, upgrading it to full", async () => {
    const h = await harness({ holdJobs: true });
    await h.send("pull_request", pullRequestPayload(h.pull, "opened"));
    await h.runsStarted(1);
    await h.send("pull_request", pullRequestPayload(h.pull, "synchronize"));
    await h.send("issue_comment", commentPayload(h.pull, h.pull.addIssueComment("bob", "/review full")));
    expect(await h.server.queue.stats()).toEqual({ waiting: 1, running: 1 });
    h.runs[0]!.release();
    await h.runsStarted(2);
    expect(h.runs[1]!.job).toMatchObject({ mode: "full", headSha: h.head, trigger: { kind: "event", action: "synchronize" } });
  });
});

describe("ai-review serve: HTTP", () => {
  test("a signature that does not verify gets 401 and starts nothing; so does a missing one", async () => {
    const h = await harness();
    const payload = pullRequestPayload(h.pull, "opened");
    const forged = await h.send("pull_request", payload, { signature: `sha256=${"0".repeat(64)}`, deliveryId: "d-forged" });
    const unsigned = await h.send("pull_request", payload, { signature: null });
    expect([forged.status, unsigned.status]).toEqual([401, 401]);
    expect(forged.body).toContain("WEBHOOK_SECRET");
    await h.server.queue.drain();
    expect(h.runs).toHaveLength(0);
    expect(h.github.requests).toHaveLength(0);
    // A forged request must not burn the delivery id of a real one.
    expect((await h.send("pull_request", payload, { deliveryId: "d-forged" })).status).toBe(200);
    await h.server.queue.drain();
    expect(h.runs).toHaveLength(1);
  });

  test("GET /healthz answers 200 with the queue; other paths 404; GET on the webhook path 405", async () => {
    const h = await harness();
    const health = await fetch(`${h.server.url}/healthz`);
    expect([health.status, await health.json()]).toEqual([200, { status: "ok", queue: { waiting: 0, running: 0 } }]);
    expect((await fetch(`${h.server.url}/nothing`)).status).toBe(404);
    expect((await fetch(`${h.server.url}/api/github/webhooks`)).status).toBe(405);
  });

  test("a delivery whose handling failed is forgotten, so GitHub's redelivery is handled", async () => {
    const h = await harness();
    const comment = h.pull.addIssueComment("bob", "/review");
    h.github.inject("POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions", fault.status(422, { message: "Validation Failed" }));
    const payload = commentPayload(h.pull, comment);
    expect((await h.send("issue_comment", payload, { deliveryId: "d-retry" })).status).toBe(422);
    expect((await h.send("issue_comment", payload, { deliveryId: "d-retry" })).status).toBe(200);
    await h.server.queue.drain();
    expect(h.runs).toHaveLength(1);
  });
});

describe("ai-review serve: settings", () => {
  const base = () => ({ APP_ID: "1", PRIVATE_KEY: testKeys().privateKey, WEBHOOK_SECRET, PORT: "0", HOST: "127.0.0.1" });
  const refusal = async (env: Record<string, string | undefined>) => {
    const error = await startServer({ env, runJob: async () => {} }).then(
      async (server) => {
        await server.close();
        throw new Error("the server started");
      },
      (error: unknown) => error,
    );
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  };

  test("refuses to start without WEBHOOK_SECRET, naming it, and refuses Probot's fallback \"development\"", async () => {
    expect(await refusal({ ...base(), WEBHOOK_SECRET: undefined })).toMatch(/WEBHOOK_SECRET is not set/);
    expect(await refusal({ ...base(), WEBHOOK_SECRET: "" })).toMatch(/WEBHOOK_SECRET is not set/);
    expect(await refusal({ ...base(), WEBHOOK_SECRET: "development" })).toMatch(/WEBHOOK_SECRET is "development"/);
  });

  test("a port in use is a clear error that names PORT", async () => {
    const h = await harness();
    expect(await refusal({ ...base(), PORT: String(h.server.port) })).toMatch(/port \d+: the port is in use; set PORT to a free one/);
  });

  test("refuses to start without APP_ID or a private key, listing every problem, never echoing the key", async () => {
    const message = await refusal({ WEBHOOK_SECRET, PORT: "70000" });
    expect(message).toMatch(/APP_ID is not set/);
    expect(message).toMatch(/neither PRIVATE_KEY nor PRIVATE_KEY_PATH is set/);
    expect(message).toMatch(/PORT must be a whole number from 0 to 65535/);
    const bad = await refusal({ ...base(), PRIVATE_KEY: "-----BEGIN PRIVATE KEY-----\nnot-a-key-c0ffee\n-----END PRIVATE KEY-----" });
    expect(bad).toMatch(/PRIVATE_KEY is not a PEM private key/);
    expect(bad).not.toContain("c0ffee");
    expect(await refusal({ ...base(), PRIVATE_KEY: undefined, PRIVATE_KEY_PATH: "/nonexistent/app.pem" })).toMatch(/PRIVATE_KEY_PATH \(\/nonexistent\/app.pem\) cannot be read \(ENOENT\)/);
    // A value that does not read like a path may be a secret in the wrong variable: not quoted.
    const token = await refusal({ ...base(), PRIVATE_KEY: undefined, PRIVATE_KEY_PATH: "ghs_notapath0c0ffee" });
    expect(token).toMatch(/PRIVATE_KEY_PATH cannot be read \(ENOENT\)/);
    expect(token).not.toContain("0c0ffee");
  });
});
