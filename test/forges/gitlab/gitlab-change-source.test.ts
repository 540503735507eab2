import { afterEach, describe, expect, it } from "vitest";
import { splitDiff } from "../../../src/core/split-diff.js";
import { UserError } from "../../../src/core/user-error.js";
import { DIFFS_PER_PAGE, GitLabChangeSource } from "../../../src/forges/gitlab/gitlab-change-source.js";
import { applyFiles, openMergeRequest, PROJECT, startFixture, type Fixture } from "./gitlab-fixture.js";

const DIFFS = "GET /projects/:id/merge_requests/:merge_request_iid/diffs";
const lines = (n: number, word = "line") => Array.from({ length: n }, (_, i) => `${word} ${i + 1}\n`).join("");

let fixture: Fixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

async function sourceFor(fixture: Fixture, iid: number) {
  const { token } = fixture.gitlab.projectAccessToken(PROJECT, { name: "ai-review" });
  return new GitLabChangeSource({ api: fixture.api({ token }), projectId: PROJECT, mergeRequestIid: iid });
}

describe("GitLabChangeSource", () => {
  it("reads every file of a merge request larger than one page of /diffs, 30 a page, with GitLab's SHAs", async () => {
    fixture = await startFixture();
    const base = Object.fromEntries(Array.from({ length: 75 }, (_, i) => [`src/f${i}.ts`, `export const v${i} = ${i};\n`]));
    const head = Object.fromEntries(Object.keys(base).map((path, i) => [path, `export const v${i} = ${i + 1};\n`]));
    const { mr, headSha } = openMergeRequest(fixture, base, { ...head, "src/f3.ts": null, "docs/new.md": "# New\n" });
    const change = await (await sourceFor(fixture, mr.iid)).readChange();

    const sections = splitDiff(change.diffText);
    expect(sections).toHaveLength(76);
    expect(sections.find((s) => s.path === "src/f3.ts")!.status).toBe("deleted");
    expect(sections.find((s) => s.path === "docs/new.md")!.status).toBe("added");
    expect(change).toMatchObject({ headSha, baseSha: mr.diffRefs.base_sha, title: "Fix things", description: "Fixes them.", author: "alice", incremental: null, forgeSkipped: [] });
    const pages = fixture.gitlab.requestsTo(DIFFS);
    expect(pages.map((r) => [r.query.page, r.query.per_page])).toEqual([["1", `${DIFFS_PER_PAGE}`], ["2", "30"], ["3", "30"]]);
    expect(fixture.gitlab.requests.some((r) => r.path.endsWith("/changes"))).toBe(false);
  });

  it("reports a file GitLab gives as too_large or collapsed as not reviewed, with the reason", async () => {
    fixture = await startFixture({ limits: { collapseBytes: 2_000, tooLargeBytes: 6_000 } });
    const { mr } = openMergeRequest(fixture, { "small.ts": "a\n" }, { "small.ts": "b\n", "big.ts": lines(1000), "mid.ts": lines(300) });
    const change = await (await sourceFor(fixture, mr.iid)).readChange();
    expect(change.forgeSkipped).toEqual([
      { path: "big.ts", reason: "too-large", detail: "GitLab gives no diff for this file (too large)", changeControlled: true },
      { path: "mid.ts", reason: "too-large", detail: "GitLab collapsed this file's diff (over its size limit)", changeControlled: true },
    ]);
    expect(splitDiff(change.diffText).map((s) => s.path)).toEqual(["small.ts"]);
  });

  it("reads config files at the base SHA, null for a file the base does not have", async () => {
    fixture = await startFixture();
    const { mr } = openMergeRequest(fixture, { ".ai-review.yml": "approve: false\n", "a.ts": "a\n" }, { ".ai-review.yml": "approve: true\n", "AGENTS.md": "Be kind.\n" });
    const source = await sourceFor(fixture, mr.iid);
    expect(await source.readBaseFile(".ai-review.yml")).toBe("approve: false\n");
    expect(await source.readBaseFile("AGENTS.md")).toBeNull();
  });

  it("reviews only the files changed since the reviewed head, by comparison", async () => {
    fixture = await startFixture();
    const { mr, headSha: first } = openMergeRequest(fixture, { "a.ts": lines(5), "b.ts": lines(5) }, { "a.ts": lines(6), "b.ts": lines(6) });
    const second = applyFiles(fixture.git, { "b.ts": lines(7) }, "more");
    mr.push(second);
    const change = await (await sourceFor(fixture, mr.iid)).readChange({ since: first });
    expect(splitDiff(change.diffText).map((s) => s.path)).toEqual(["b.ts"]);
    expect(change.incremental).toEqual({ since: first, files: 1 });
    // The diff is still the merge request's own, so comments land on lines GitLab accepts.
    expect(splitDiff(change.diffText)[0]!.additions).toBe(2);
  });

  it("after a force-push that rewrote the history, asks the merge request's versions what changed", async () => {
    fixture = await startFixture();
    const { git } = fixture;
    const { mr, baseSha, headSha: first } = openMergeRequest(fixture, { "a.ts": lines(5), "b.ts": lines(5) }, { "a.ts": lines(6), "b.ts": lines(6) });
    // The branch rebuilt from the base: the same change to a.ts, a different one to b.ts.
    git.git("checkout", "-q", "-B", "fix", baseSha);
    const rewritten = applyFiles(git, { "a.ts": lines(6), "b.ts": lines(8) }, "rewritten");
    mr.push(rewritten);
    const change = await (await sourceFor(fixture, mr.iid)).readChange({ since: first });
    expect(splitDiff(change.diffText).map((s) => s.path)).toEqual(["b.ts"]);
    expect(change.incremental).toEqual({ since: first, files: 1 });
  });

  it("reviews everything when neither the comparison nor the versions know the earlier head", async () => {
    fixture = await startFixture();
    const { mr } = openMergeRequest(fixture, { "a.ts": lines(5), "b.ts": lines(5) }, { "a.ts": lines(6), "b.ts": lines(6) });
    const change = await (await sourceFor(fixture, mr.iid)).readChange({ since: "0123456789abcdef0123456789abcdef01234567" });
    expect(splitDiff(change.diffText).map((s) => s.path)).toEqual(["a.ts", "b.ts"]);
    expect(change.incremental).toBeNull();
  });

  it("with only CI_JOB_TOKEN on a private project, says what token to create", async () => {
    fixture = await startFixture();
    const { mr } = openMergeRequest(fixture, { "a.ts": "a\n" }, { "a.ts": "b\n" });
    const api = fixture.api({ jobToken: fixture.gitlab.jobToken(PROJECT) });
    const reading = new GitLabChangeSource({ api, projectId: PROJECT, mergeRequestIid: mr.iid }).readChange();
    await expect(reading).rejects.toThrow(UserError);
    await expect(reading).rejects.toThrow(/CI_JOB_TOKEN.*AI_REVIEW_GITLAB_TOKEN/);
  });
});
