/**
 * The CI job as GitLab runs it: `ai-review gitlab-ci` as a child process whose environment
 * is the variables GitLab sets in a merge request pipeline (and the masked token and model
 * settings a project stores as CI/CD variables), against the test GitLab server.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, expect, it } from "vitest";
import { startModelServer, type ModelServer } from "../../support/model-server.js";
import { twoFileReviewer } from "../../support/two-file-reviewer.js";
import { openMergeRequest, PROJECT, startFixture, type Fixture } from "../../forges/gitlab/gitlab-fixture.js";
import { mergeRequestJobEnv } from "./gitlab-ci-env.js";

// The job runs in a folder with no node_modules: the loader is named by its own path.
const TSX = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;

let fixture: Fixture | undefined;
let model: ModelServer | undefined;
let dir: string | undefined;
afterEach(async () => {
  await fixture?.close();
  await model?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  fixture = model = dir = undefined;
});

it("reviews the merge request of the pipeline as a child process", async () => {
  fixture = await startFixture();
  model = await startModelServer(twoFileReviewer);
  dir = mkdtempSync(join(tmpdir(), "ai-review-glci-"));
  const { mr } = openMergeRequest(fixture, { "README.md": "# widgets\n" }, { "src/a.ts": "// rows\nexport const rows = db.query(input);\n" });
  const { token } = fixture.gitlab.projectAccessToken(PROJECT, { name: "ai-review" });
  // Only what a job has: no PATH-borne settings of this machine beyond PATH itself.
  const env = { PATH: process.env.PATH ?? "", ...mergeRequestJobEnv(fixture.gitlab, fixture.project(), mr, model.baseURL), AI_REVIEW_GITLAB_TOKEN: token };
  const child = spawn(
    process.execPath,
    ["--import", TSX, resolve(import.meta.dirname, "ai-review-process.ts"), "gitlab-ci", "--codequality", "gl-code-quality-report.json"],
    { cwd: dir, env, stdio: ["ignore", "pipe", "pipe"] },
  );
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on("data", (b: Buffer) => out.push(b));
  child.stderr.on("data", (b: Buffer) => err.push(b));
  const code = await new Promise<number | null>((done) => child.on("close", done));

  expect(Buffer.concat(err).toString("utf8")).toBe("");
  expect(code).toBe(0);
  expect(Buffer.concat(out).toString("utf8")).toContain(`comment on ${fixture.project().id}!${mr.iid}: 1 comment(s) posted`);
  expect(mr.diffNotes.map((n) => [n.position?.new_path, n.position?.new_line])).toEqual([["src/a.ts", 2]]);
  expect(mr.notes.filter((n) => n.type === null)).toHaveLength(1);
  expect(JSON.parse(readFileSync(join(dir, "gl-code-quality-report.json"), "utf8"))).toMatchObject([{ severity: "major", location: { path: "src/a.ts", lines: { begin: 2 } } }]);
}, 30_000);
