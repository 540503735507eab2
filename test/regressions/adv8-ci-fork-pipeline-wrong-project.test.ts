/**
 * Adversary: in a merge request pipeline that runs in a fork, CI_PROJECT_ID is the fork and
 * CI_MERGE_REQUEST_PROJECT_ID the project the merge request belongs to (its IID counts
 * there). The job read CI_PROJECT_ID first: it looked for !1 in the fork (404, or worse,
 * the fork's own !1, a different merge request). Fixed: CI_MERGE_REQUEST_PROJECT_ID first.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { AccessLevel } from "../support/gitlab-server/index.js";
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

describe("adversary: a merge request pipeline in a fork", () => {
  it("reviews the merge request of CI_MERGE_REQUEST_PROJECT_ID, not of the fork", async () => {
    fixture = await startFixture();
    model = await startModelServer(twoFileReviewer);
    dir = mkdtempSync(join(tmpdir(), "adv8-fork-"));
    const { mr } = openMergeRequest(fixture, { "README.md": "# w\n" }, { "src/a.ts": "// rows\nexport const rows = db.query(input);\n" });
    const fork = fixture.gitlab.addProject({ path: "bob/widgets", git: fixture.git, members: { bob: AccessLevel.owner } });
    const { token } = fixture.gitlab.projectAccessToken(PROJECT, { name: "ai-review" });
    const env = { ...mergeRequestJobEnv(fixture.gitlab, fixture.project(), mr, model.baseURL), AI_REVIEW_GITLAB_TOKEN: token, CI_PROJECT_ID: String(fork.id) };

    const run = await runCli(["gitlab-ci"], { cwd: dir, env });

    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`on ${fixture.project().id}!1`);
    expect(mr.diffNotes.map((n) => n.position?.new_path)).toEqual(["src/a.ts"]);
  });
});
