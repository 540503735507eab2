/**
 * `ai-review gitlab-ci` run in-process through the CLI's `main`, with the variables GitLab
 * sets in a merge request pipeline, against the test GitLab server (real gitbeaker) and the
 * loopback model: what lands on the merge request, the Code Quality report, and the jobs
 * that must stop early (no merge request, only CI_JOB_TOKEN).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { readSummaryMarker } from "../../../src/core/review-marker.js";
import { fault } from "../../support/gitlab-server/index.js";
import { runCli } from "../../support/run-cli.js";
import { startModelServer, type ModelServer } from "../../support/model-server.js";
import { twoFileReviewer } from "../../support/two-file-reviewer.js";
import { applyFiles, openMergeRequest, PROJECT, startFixture, type Fixture } from "../../forges/gitlab/gitlab-fixture.js";
import { mergeRequestJobEnv } from "./gitlab-ci-env.js";

let fixture: Fixture | undefined;
let model: ModelServer | undefined;
let dir: string | undefined;
afterEach(async () => {
  await fixture?.close();
  await model?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  fixture = model = dir = undefined;
});

const A_TS = { "src/a.ts": "// rows\nexport const rows = db.query(input);\n" };

async function openedMergeRequest(base: Record<string, string> = {}, head: Record<string, string> = A_TS) {
  fixture = await startFixture();
  model = await startModelServer(twoFileReviewer);
  dir = mkdtempSync(join(tmpdir(), "ai-review-glci-"));
  const opened = openMergeRequest(fixture, { "README.md": "# widgets\n", ...base }, head);
  const { token } = fixture.gitlab.projectAccessToken(PROJECT, { name: "ai-review" });
  const env = (): Record<string, string> => ({ ...mergeRequestJobEnv(fixture!.gitlab, fixture!.project(), opened.mr, model!.baseURL), AI_REVIEW_GITLAB_TOKEN: token });
  return { ...opened, env, dir };
}

const readReport = (path: string) => JSON.parse(readFileSync(path, "utf8")) as Array<Record<string, any>>;

describe("ai-review gitlab-ci", () => {
  it("posts discussions on the changed lines, one summary note, and a Code Quality report; after a push only the new finding", async () => {
    const { mr, env, dir, headSha: firstHead } = await openedMergeRequest();
    const first = await runCli(["gitlab-ci", "--codequality", "gl-code-quality-report.json"], { cwd: dir, env: env() });

    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^ai-review: comment on \d+!1: 1 comment\(s\) posted, 0 moved to the summary, cost unknown/);
    expect(mr.diffNotes.map((n) => [n.position?.new_path, n.position?.new_line, n.position?.old_line ?? null])).toEqual([["src/a.ts", 2, null]]);
    expect(mr.notes.filter((n) => n.type === null)).toHaveLength(1);
    const report = readReport(join(dir, "gl-code-quality-report.json"));
    expect(report).toEqual([
      {
        description: "SQL built from input",
        check_name: "ai-review-major",
        fingerprint: expect.stringMatching(/^[0-9a-f]{16,}$/),
        severity: "major",
        location: { path: "src/a.ts", lines: { begin: 2 } },
      },
    ]);
    const summaryId = mr.notes.find((n) => n.type === null)!.id;

    // A push adds b.ts with a finding of its own; a.ts's is already posted.
    const secondHead = applyFiles(fixture!.git, { "src/b.ts": "export function last(xs: number[]) {\n  return xs[xs.length];\n}\n" }, "add b");
    mr.push(secondHead);
    const second = await runCli(["gitlab-ci", "--codequality", "gl-code-quality-report.json"], { cwd: dir, env: env() });

    expect(second.code).toBe(0);
    expect(second.stdout).toContain("1 comment(s) posted");
    expect(mr.diffNotes.map((n) => n.position?.new_path)).toEqual(["src/a.ts", "src/b.ts"]);
    const summaries = mr.notes.filter((n) => n.type === null);
    expect(summaries.map((n) => n.id)).toEqual([summaryId]);
    expect(readSummaryMarker(summaries[0]!.body)?.head).toBe(secondHead);
    expect(summaries[0]!.body).toContain(`Reviewed the changes since ${firstHead.slice(0, 7)}`);
    // The widget compares whole reports: a.ts's finding, still open, stays in it.
    const again = readReport(join(dir, "gl-code-quality-report.json"));
    expect(again.map((i) => [i.location.path, i.severity])).toEqual([["src/b.ts", "minor"], ["src/a.ts", "major"]]);
    expect(again[1]!.fingerprint).toBe(report[0]!.fingerprint);
  });

  it("a 400 on one position still publishes every finding: the refused one moves into the summary, the job succeeds", async () => {
    const { mr, env, dir } = await openedMergeRequest({}, { ...A_TS, "src/b.ts": "export function last(xs: number[]) {\n  return xs[xs.length];\n}\n" });
    fixture!.gitlab.inject("POST /projects/:id/merge_requests/:merge_request_iid/discussions", fault.badPosition());
    const run = await runCli(["gitlab-ci"], { cwd: dir, env: env() });

    expect(run.code).toBe(0);
    expect(run.stdout).toContain("1 comment(s) posted, 1 moved to the summary");
    expect(mr.diffNotes).toHaveLength(1);
    const summary = mr.notes.find((n) => n.type === null)!.body;
    expect(summary).toContain("### Could not be posted inline (1)");
    for (const title of ["SQL built from input", "Reads past the end"]) {
      expect(mr.diffNotes.some((n) => n.body.includes(title)) || summary.includes(title), title).toBe(true);
    }
  });

  it("exits 1 when --fail-on is met, after posting", async () => {
    const { mr, env, dir } = await openedMergeRequest();
    const run = await runCli(["gitlab-ci", "--fail-on", "major"], { cwd: dir, env: env() });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("request changes on");
    expect(mr.diffNotes).toHaveLength(1);
  });

  it("approves when the base's config says `approve: true` and nothing reaches fail_on", async () => {
    const { mr, env, dir } = await openedMergeRequest({ ".ai-review.yml": "approve: true\n" });
    const run = await runCli(["gitlab-ci"], { cwd: dir, env: env() });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("approve on");
    expect([...mr.approvals]).toHaveLength(1);
  });

  it("does not approve without `approve: true`", async () => {
    const { mr, env, dir } = await openedMergeRequest();
    expect((await runCli(["gitlab-ci"], { cwd: dir, env: env() })).code).toBe(0);
    expect(mr.approvals.size).toBe(0);
  });

  it("skips a draft with a notice, and reviews it when the base's config says review_drafts: true", async () => {
    const skipped = await openedMergeRequest();
    skipped.mr.draft = true;
    const run = await runCli(["gitlab-ci"], { cwd: skipped.dir, env: skipped.env() });
    expect(run.code).toBe(0);
    // Marking a merge request ready starts no pipeline: the notice must not promise a review then.
    expect(run.stdout).toContain("is a draft: it is reviewed by the first pipeline after it is marked ready (GitLab starts none for that: push, or select Run pipeline)");
    expect(model!.requests).toHaveLength(0);
    expect(skipped.mr.notes).toHaveLength(0);
    await fixture!.close();
    await model!.close();
    rmSync(skipped.dir, { recursive: true, force: true });

    const wanted = await openedMergeRequest({ ".ai-review.yml": "review_drafts: true\n" });
    wanted.mr.draft = true;
    expect((await runCli(["gitlab-ci"], { cwd: wanted.dir, env: wanted.env() })).code).toBe(0);
    expect(wanted.mr.diffNotes).toHaveLength(1);
  });

  it("with only CI_JOB_TOKEN, fails before calling the model and says which token to create", async () => {
    const { mr, env, dir } = await openedMergeRequest();
    const { AI_REVIEW_GITLAB_TOKEN: _, ...jobOnly } = env();
    const run = await runCli(["gitlab-ci"], { cwd: dir, env: jobOnly });

    expect(run.code).toBe(2);
    expect(run.stderr).toContain("only CI_JOB_TOKEN is set");
    expect(run.stderr).toContain("create a project access token with the `api` scope");
    expect(run.stderr).toContain("masked, non-protected CI/CD variable named AI_REVIEW_GITLAB_TOKEN");
    expect(model!.requests).toHaveLength(0);
    expect(fixture!.gitlab.requests).toHaveLength(0);
    expect(mr.notes).toHaveLength(0);
  });

  it("outside a merge request pipeline, says so and exits 0 without reading anything", async () => {
    const { env, dir } = await openedMergeRequest();
    const branchPipeline: Record<string, string> = { ...env(), CI_PIPELINE_SOURCE: "push" };
    delete branchPipeline.CI_MERGE_REQUEST_IID;
    delete branchPipeline.CI_MERGE_REQUEST_PROJECT_ID;
    const run = await runCli(["gitlab-ci", "--codequality", "report.json"], { cwd: dir, env: branchPipeline });

    expect(run.code).toBe(0);
    expect(run.stdout).toContain("not a merge request pipeline (CI_MERGE_REQUEST_IID is not set): nothing to review");
    expect(fixture!.gitlab.requests).toHaveLength(0);
    expect(model!.requests).toHaveLength(0);
  });
});
