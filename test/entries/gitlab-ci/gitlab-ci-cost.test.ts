/** The cost line of `ai-review gitlab-ci`'s job log: the figure from the base's prices, or why there is none. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../../support/run-cli.js";
import { reply, startModelServer, type ModelServer } from "../../support/model-server.js";
import { openMergeRequest, PROJECT, startFixture, type Fixture } from "../../forges/gitlab/gitlab-fixture.js";
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

async function jobLog(baseConfig: string | null): Promise<string> {
  fixture = await startFixture();
  model = await startModelServer(() => reply.content(JSON.stringify({ summary: "Reviewed.", comments: [] }), { usage: { prompt_tokens: 2_000, completion_tokens: 500 } }));
  dir = mkdtempSync(join(tmpdir(), "ai-review-glci-cost-"));
  const base = { "README.md": "# widgets\n", ...(baseConfig ? { ".ai-review.yml": baseConfig } : {}) };
  const { mr } = openMergeRequest(fixture, base, { "src/a.ts": "export const rows = 1;\n" });
  const { token } = fixture.gitlab.projectAccessToken(PROJECT, { name: "ai-review" });
  const env = { ...mergeRequestJobEnv(fixture.gitlab, fixture.project(), mr, model.baseURL), AI_REVIEW_GITLAB_TOKEN: token };
  const run = await runCli(["gitlab-ci"], { cwd: dir, env });
  expect(run.code).toBe(0);
  return run.stdout;
}

describe("ai-review gitlab-ci: the cost in the job log", () => {
  it("prints the cost at the prices of the base's config", async () => {
    // (2,000 x $2 + 500 x $8) per million tokens.
    expect(await jobLog("prices:\n  m: { input: 2, output: 8 }\n")).toMatch(/, cost about \$0\.0080\n/);
  });

  it("says the cost is unknown, and what to add, when the model has no price", async () => {
    expect(await jobLog(null)).toContain("cost unknown (no price for `m`: add it to prices in .ai-review.yml)");
  });
});
