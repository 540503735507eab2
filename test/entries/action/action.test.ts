import { spawn } from "node:child_process";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { readFindingMarker, readSummaryMarker } from "../../../src/core/review-marker.js";
import { fault } from "../../support/github-server/index.js";
import { reply } from "../../support/model-server.js";
import { commentEvent, HEAD_FILE, pullRequestEvent, runInProcess, startActionFixture, type ActionFixture } from "./action-fixture.js";

const ROOT = path.resolve(import.meta.dirname, "../../..");
let fixture: ActionFixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});


describe("the GitHub Action", () => {
  it("runs from the committed bundle as GitHub runs it: one review on a valid line, one summary, outputs", async () => {
    fixture = await startActionFixture();
    const { pull } = fixture;
    const env = fixture.env("pull_request", pullRequestEvent("opened", pull));
    const child = spawn(process.execPath, [path.join(ROOT, "action/index.mjs")], { env, stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => out.push(b));
    const code = await new Promise<number>((resolve) => child.on("close", (c) => resolve(c ?? 1)));
    // Only debug lines (octokit's request log), shown when a workflow turns step debugging on.
    expect(Buffer.concat(out).toString("utf8").split("\n").filter((l) => l && !l.startsWith("::debug::"))).toEqual([]);
    expect(code).toBe(0);

    expect(pull.reviews).toHaveLength(1);
    expect(pull.reviews[0]).toMatchObject({ commitId: pull.headShas.at(-1), user: { login: "github-actions[bot]" } });
    expect(pull.reviewComments.map((c) => [c.path, c.line, c.side])).toEqual([["src/total.ts", 3, "RIGHT"]]);
    expect(HEAD_FILE.split("\n")[2]).toContain("i <= items.length");
    expect(pull.issueComments).toHaveLength(1);
    expect(readSummaryMarker(pull.issueComments[0]!.body)).toMatchObject({ head: pull.headShas.at(-1) });
    expect(fixture.outputs()).toMatch(/^verdict<<(ai-review-[\w-]+)\ncomment\n\1\n/);
    expect(fixture.outputs()).toMatch(/comments<<(ai-review-[\w-]+)\n1\n\1\n/);
    expect(fixture.stepSummary()).toContain("1 posted as inline comments.");
  });

  it("on a push posts only what is new and edits the summary in place", async () => {
    fixture = await startActionFixture();
    const { pull, git, github } = fixture;
    expect((await runInProcess(fixture.env("pull_request", pullRequestEvent("opened", pull)))).code).toBe(0);
    git.write("src/extra.ts", "export const extra = 1;\n");
    pull.push(git.commit("add extra"));
    const before = github.writes().length;
    expect((await runInProcess(fixture.env("pull_request", pullRequestEvent("synchronize", pull)))).code).toBe(0);

    // The off-by-one was posted before and is not posted again; the summary is edited, not added.
    expect(pull.reviewComments).toHaveLength(1);
    expect(pull.issueComments).toHaveLength(1);
    expect(readSummaryMarker(pull.issueComments[0]!.body)).toMatchObject({ head: pull.headShas.at(-1) });
    expect(github.writes().slice(before).map((w) => w.method)).toEqual(["PATCH"]);
    expect(fixture.model.requests.at(-1)!.body.messages.map((m) => m.content).join("\n")).not.toContain("src/total.ts");
  });

  it("fails the step only for fail-on, after posting", async () => {
    fixture = await startActionFixture();
    const run = await runInProcess(fixture.env("pull_request", pullRequestEvent("opened", fixture.pull), { "FAIL-ON": "major" }));
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("::error title=ai-review::a finding is at least major (fail-on)");
    expect(fixture.pull.reviews.map((r) => r.state)).toEqual(["CHANGES_REQUESTED"]);
  });

  it("ends a fork's run without a model key with a notice, not a red job, and calls nobody", async () => {
    fixture = await startActionFixture();
    const env = fixture.env("pull_request", pullRequestEvent("opened", fixture.pull, { fork: true }));
    delete env["INPUT_API-KEY"];
    const run = await runInProcess(env);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^::notice title=ai-review::no model API key: GitHub does not give secrets/);
    expect(fixture.github.requests).toHaveLength(0);
    expect(fixture.model.requests).toHaveLength(0);
  });

  it("skips a draft and events it does not review, with a notice", async () => {
    fixture = await startActionFixture();
    fixture.pull.draft = true;
    const draft = await runInProcess(fixture.env("pull_request", pullRequestEvent("opened", fixture.pull, { draft: true })));
    expect(draft).toEqual({ code: 0, stdout: expect.stringContaining("is a draft") });
    // Only what tells whether drafts are reviewed: the pull request now, its base's config.
    const routes = ["GET /repos/{owner}/{repo}/pulls/{pull_number}", "GET /repos/{owner}/{repo}/contents/{path}"];
    expect(fixture.github.requests.map((r) => r.route)).toEqual(routes);
    const closed = await runInProcess(fixture.env("pull_request", pullRequestEvent("closed", fixture.pull)));
    expect(closed).toEqual({ code: 0, stdout: expect.stringContaining("was closed") });
    expect(fixture.github.requests.map((r) => r.route)).toEqual(routes);
    expect(fixture.model.requests).toHaveLength(0);
  });

  it("falls back to a comment when GitHub refuses the Actions token an approval, and says so", async () => {
    fixture = await startActionFixture(() => reply.json({ summary: "Fine.", comments: [] }), { baseConfig: "approve: true\n" });
    const run = await runInProcess(fixture.env("pull_request", pullRequestEvent("opened", fixture.pull)));
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("::warning title=ai-review::GitHub refused to approve; the review was posted as a comment");
    // Nothing to say inline, so no review is left once the approval is refused: the summary says why.
    expect(fixture.pull.reviews).toEqual([]);
    expect(fixture.pull.issueComments[0]!.body).toContain("GitHub did not accept an approval from this bot");
  });

  it("still publishes every finding, inline or in the summary, when GitHub answers 422 to the review", async () => {
    fixture = await startActionFixture();
    fixture.github.inject("POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews", fault.reviewLineNotInDiff());
    const run = await runInProcess(fixture.env("pull_request", pullRequestEvent("opened", fixture.pull)));
    expect(run.code).toBe(0);
    const inline = fixture.pull.reviewComments.filter((c) => c.body.includes("Off-by-one")).length;
    const inSummary = fixture.pull.issueComments[0]!.body.includes("Could not be posted inline") ? 1 : 0;
    expect(inline + inSummary).toBe(1);
  });

  it("waits out a secondary rate limit on the review", async () => {
    fixture = await startActionFixture();
    fixture.github.inject("POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews", fault.secondaryRateLimit({ retryAfter: 1 }));
    const run = await runInProcess(fixture.env("pull_request", pullRequestEvent("opened", fixture.pull)));
    expect(run.code).toBe(0);
    expect(fixture.pull.reviews).toHaveLength(1);
    expect(fixture.pull.reviewComments.map((c) => readFindingMarker(c.body))).toHaveLength(1);
  });

  it("/review full from a collaborator: an eyes reaction, then a full review", async () => {
    fixture = await startActionFixture();
    const { pull, github } = fixture;
    const asked = pull.addIssueComment("carol", "/review full");
    const run = await runInProcess(fixture.env("issue_comment", commentEvent(pull, asked, "COLLABORATOR")));
    expect(run.code).toBe(0);
    expect(github.requestsTo("POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions").map((r) => r.body)).toEqual([{ content: "eyes" }]);
    expect(pull.reviews).toHaveLength(1);
  });

  it("/review from someone without write access: one short reply, no model call", async () => {
    fixture = await startActionFixture();
    const { pull } = fixture;
    const asked = pull.addIssueComment("mallory", "/review full");
    const run = await runInProcess(fixture.env("issue_comment", commentEvent(pull, asked, "NONE")));
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("/review by mallory refused");
    expect(fixture.model.requests).toHaveLength(0);
    expect(pull.reviews).toHaveLength(0);
    expect(pull.issueComments.map((c) => c.body).filter((b) => b.includes("only repository owners"))).toHaveLength(1);
  });

  it("ignores comments that are no command, and answers /review help with the usage", async () => {
    fixture = await startActionFixture();
    const { pull } = fixture;
    const chat = pull.addIssueComment("carol", "Looks good, maybe run /review later");
    expect(await runInProcess(fixture.env("issue_comment", commentEvent(pull, chat, "COLLABORATOR")))).toEqual({ code: 0, stdout: expect.stringContaining("not a /review command") });
    const help = pull.addIssueComment("carol", "/review help");
    expect((await runInProcess(fixture.env("issue_comment", commentEvent(pull, help, "COLLABORATOR")))).code).toBe(0);
    expect(pull.issueComments.at(-1)!.body).toContain("`/review full`");
    expect(fixture.model.requests).toHaveLength(0);
  });
});
