/**
 * A pull request retargeted to another base branch gained files that were never reviewed,
 * and no summary said so. The incremental review after the next push compares the marker's
 * head with the new head only; the files that entered the pull request because its base
 * changed (here `src/risky.ts`, a commit of the old base `dev` that `main` does not have)
 * are neither compared nor listed as not reviewed. The marker records `base` precisely so
 * that a later run can tell; when the base it records is not the pull request's base any
 * more, the review must cover the whole change (or at least the files the old base hid).
 */
import { readFile, appendFile } from "node:fs/promises";
import { PassThrough } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { readSummaryMarker } from "../../src/core/review-marker.js";
import { runAction } from "../../src/entries/action/run-action.js";
import { unspacedThrottleGroups } from "../support/github-server/test-octokit.js";
import { reply } from "../support/model-server.js";
import { OWNER, pullRequestEvent, REPO, startActionFixture, type ActionFixture } from "../entries/action/action-fixture.js";

let fixture: ActionFixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

async function runInProcess(env: NodeJS.ProcessEnv): Promise<number> {
  return await runAction({
    env,
    stdout: new PassThrough(),
    readFile: (file) => readFile(file, "utf8"),
    appendFile: (file, text) => appendFile(file, text, "utf8"),
    throttle: { ...unspacedThrottleGroups(), retryAfterBaseValue: 1 },
    retry: { retryAfterBaseValue: 1 },
    sleep: async () => {},
  });
}

describe("regression: files brought in by a base change are never reviewed", () => {
  it("reviews (or lists as not reviewed) a file that entered the pull request when its base was changed", async () => {
    fixture = await startActionFixture(() => reply.json({ summary: "Fine.", comments: [] }));
    const { git, github, model } = fixture;
    // main: M. dev: M + src/risky.ts. topic: dev + a change to src/total.ts.
    git.git("checkout", "-q", "main");
    const main = git.git("rev-parse", "HEAD").trim();
    git.git("checkout", "-q", "-b", "dev");
    git.write("src/risky.ts", "export function run(cmd: string) {\n  return eval(cmd);\n}\n");
    git.commit("risky helper");
    git.git("checkout", "-q", "-b", "topic");
    git.write("src/total.ts", "export const total = (xs: number[]) => xs.reduce((a, b) => a + b, 0);\n");
    git.commit("reduce");
    const repository = github.repository(`${OWNER}/${REPO}`);
    const pull = repository.addPullRequest({ title: "Reduce", author: "alice", base: { ref: "dev" }, head: { ref: "topic" } });
    expect(pull.files().map((f) => f.path)).toEqual(["src/total.ts"]);

    expect(await runInProcess(fixture.env("pull_request", pullRequestEvent("opened", pull)))).toBe(0);
    expect(readSummaryMarker(pull.issueComments[0]!.body)).toMatchObject({ head: pull.headSha });

    // Someone retargets the pull request to main: src/risky.ts is now part of it.
    pull.baseRef = "main";
    pull.baseSha = main;
    expect(pull.files().map((f) => f.path).sort()).toEqual(["src/risky.ts", "src/total.ts"]);

    // The next push touches src/total.ts only.
    git.write("src/total.ts", "export const total = (xs: number[]) => xs.reduce((a, b) => a + b, 0); // sum\n");
    pull.push(git.commit("comment"));
    const before = model.requests.length;
    expect(await runInProcess(fixture.env("pull_request", pullRequestEvent("synchronize", pull)))).toBe(0);

    const sent = model.requests.slice(before).flatMap((r) => r.body.messages.map((m) => String(m.content))).join("\n");
    const summary = pull.issueComments.at(-1)!.body;
    // The second run did review the push (so the miss below is the base change, not a run that did nothing).
    expect(sent).toContain("src/total.ts");
    expect(readSummaryMarker(summary)).toMatchObject({ head: pull.headSha });
    const reviewedOrListed = sent.includes("src/risky.ts") || /Not reviewed[\s\S]*src\/risky\.ts/.test(summary);
    expect(reviewedOrListed).toBe(true);
  });
});
