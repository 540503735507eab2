/**
 * Adversary: a project renamed or moved to another group while a review of one of its
 * merge requests runs. Jobs were keyed by the project's path, so the next delivery (a push,
 * a `/review`) carried the new path, got another key, and a second review of the same merge
 * request ran beside the first: both read "no summary yet" and both posted. Fixed: the key
 * names the project by its id, which survives a rename; the second delivery waits.
 */
import { afterEach, describe, expect, test } from "vitest";
import { mergeRequestHook } from "../support/gitlab-server/webhooks.js";
import { applyFiles } from "../forges/gitlab/gitlab-fixture.js";
import { startGitLabHarness, type GitLabHarness } from "../serve/gitlab-serve-harness.js";

let harness: GitLabHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe("adversary: the project is renamed while its merge request is reviewed", () => {
  test("the delivery under the new path waits for the running review of the same merge request", async () => {
    const h = (harness = await startGitLabHarness({ holdJobs: true }));
    const url = h.fixture.gitlab.url;
    expect((await h.send(mergeRequestHook(url, h.mr, { action: "open", user: "alice" }))).status).toBe(200);
    await h.runsStarted(1);

    const next = applyFiles(h.fixture.git, { "src/c.ts": "export const c = 3;\n" }, "more");
    h.mr.push(next);
    const push = mergeRequestHook(url, h.mr, { action: "update", user: "alice", oldrev: h.headSha });
    const payload = push.payload as { project: { path_with_namespace: string } };
    payload.project.path_with_namespace = "acme-renamed/widgets";
    expect((await h.send(push)).status).toBe(200);

    // Two keys would let the second review start now (two reviews run at once by default).
    expect(h.runs).toHaveLength(1);
    h.runs[0]!.release();
    await h.runsStarted(2);
    expect(h.runs.map((r) => r.job.key)).toEqual([h.runs[0]!.job.key, h.runs[0]!.job.key]);
    h.runs[1]!.release();
  });
});
