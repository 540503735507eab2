/**
 * Adversary: a GitLab URL with the token in it (`https://oauth2:glpat-...@host`, as git
 * remotes are often written) given as CI_SERVER_URL/GITLAB_URL. fetch refuses to send such
 * a URL and its TypeError quotes the URL, token included, into the job log (and a stack
 * trace with it). Fixed: refused before any request, with a message that names the variable
 * and never its value; `serve` refuses to start the same way.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ConfigError } from "../../src/config.js";
import { startServer } from "../../src/entries/serve/start-server.js";
import { runCli } from "../support/run-cli.js";
import { openMergeRequest, PROJECT, startFixture, type Fixture } from "../forges/gitlab/gitlab-fixture.js";
import { mergeRequestJobEnv } from "../entries/gitlab-ci/gitlab-ci-env.js";
import { capturedLogger } from "../serve/serve-harness.js";

const SECRET = "glpat-InUrl9x8y7z6w5v4";

let fixture: Fixture | undefined;
let dir: string | undefined;
afterEach(async () => {
  await fixture?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  fixture = dir = undefined;
});

describe("adversary: a token inside the GitLab URL", () => {
  it("the CI job refuses it in one line that does not show the token, and sends nothing", async () => {
    fixture = await startFixture();
    dir = mkdtempSync(join(tmpdir(), "adv8-url-"));
    const { mr } = openMergeRequest(fixture, { "README.md": "# w\n" }, { "src/a.ts": "export const a = 1;\n" });
    const { token } = fixture.gitlab.projectAccessToken(PROJECT, { name: "ai-review" });
    const withToken = fixture.gitlab.url.replace("http://", `http://oauth2:${SECRET}@`);
    const env = { ...mergeRequestJobEnv(fixture.gitlab, fixture.project(), mr, "http://127.0.0.1:9/v1"), AI_REVIEW_GITLAB_TOKEN: token, CI_SERVER_URL: withToken };

    const run = await runCli(["gitlab-ci"], { cwd: dir, env });

    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^ai-review: CI_SERVER_URL holds a user name or token .*AI_REVIEW_GITLAB_TOKEN\n$/);
    expect(run.stdout + run.stderr).not.toContain(SECRET);
    expect(fixture.gitlab.requests).toHaveLength(0);
  });

  it("serve refuses to start, without the token in the message or the log", async () => {
    const logs = capturedLogger();
    const env = { PORT: "0", HOST: "127.0.0.1", GITLAB_WEBHOOK_SECRET: "s3cret-hook", AI_REVIEW_GITLAB_TOKEN: "glpat-x", GITLAB_URL: `https://root:${SECRET}@gitlab.example.com` };
    const error = await startServer({ env, runJob: async () => {}, runGitLabJob: async () => {}, logger: logs.logger }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/GITLAB_URL holds a user name or token/);
    expect((error as Error).message + logs.lines.join("\n")).not.toContain(SECRET);
  });
});
