/**
 * Adversary: GitLab answering 500 (or 503 to a write, which is never resent) made
 * `ai-review gitlab-ci` throw a plain Error out of the CLI: a Node stack trace in the job
 * log and exit 1, which reads as "findings met --fail-on". Fixed: one line that names what
 * failed, and exit 3 (the review is incomplete), as when the model cannot be reached.
 * A token GitLab refuses stays exit 2 with its one line (a setting to fix).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { fault } from "../support/gitlab-server/index.js";
import { startModelServer, type ModelServer } from "../support/model-server.js";
import { runCli } from "../support/run-cli.js";
import { twoFileReviewer } from "../support/two-file-reviewer.js";
import { openMergeRequest, PROJECT, startFixture, type Fixture } from "../forges/gitlab/gitlab-fixture.js";
import { mergeRequestJobEnv } from "../entries/gitlab-ci/gitlab-ci-env.js";

let fixture: Fixture | undefined;
let model: ModelServer | undefined;
let dir: string | undefined;
afterEach(async () => {
  await fixture?.close();
  await model?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  fixture = model = dir = undefined;
});

async function job() {
  fixture = await startFixture();
  model = await startModelServer(twoFileReviewer);
  dir = mkdtempSync(join(tmpdir(), "adv8-glci-"));
  const { mr } = openMergeRequest(fixture, { "README.md": "# w\n" }, { "src/a.ts": "// rows\nexport const rows = db.query(input);\n" });
  const { token } = fixture.gitlab.projectAccessToken(PROJECT, { name: "ai-review" });
  return { mr, env: { ...mergeRequestJobEnv(fixture.gitlab, fixture.project(), mr, model.baseURL), AI_REVIEW_GITLAB_TOKEN: token } };
}

describe("adversary: a GitLab failure in the CI job", () => {
  it("500 reading the merge request: one line, exit 3", async () => {
    const { env } = await job();
    fixture!.gitlab.inject("GET /projects/:id/merge_requests/:merge_request_iid", fault.serverError(500));
    const run = await runCli(["gitlab-ci"], { cwd: dir!, env });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^ai-review: the review is incomplete: GitLab answered 500 while reading merge request \d+!1: .*\n$/);
    expect(run.stderr.split("\n")).toHaveLength(2);
  });

  it("503 posting a discussion: looked for by its marker, sent again once, the review completes", async () => {
    const { env, mr } = await job();
    fixture!.gitlab.inject("POST /projects/:id/merge_requests/:merge_request_iid/discussions", fault.serverError(503));
    const run = await runCli(["gitlab-ci"], { cwd: dir!, env });
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.code).toBe(0);
    const bodies = mr.diffNotes.map((note) => note.body);
    expect(bodies.length).toBeGreaterThan(0);
    expect(new Set(bodies).size).toBe(bodies.length);
  });

  it("401 (a revoked token) stays a one-line setting error, exit 2", async () => {
    const { env } = await job();
    const run = await runCli(["gitlab-ci"], { cwd: dir!, env: { ...env, AI_REVIEW_GITLAB_TOKEN: "glpat-revoked-000" } });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^ai-review: GitLab refused reading merge request .* \(401 .*AI_REVIEW_GITLAB_TOKEN.*\n$/);
    expect(run.stderr).not.toContain("glpat-revoked-000");
  });
});
