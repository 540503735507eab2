/**
 * Adversary (an operator's slip): GITLAB_WEBHOOK_SECRET read from a file or a secret store
 * ends in a line feed. GitLab sends the Secret token without it, and no HTTP header can
 * carry trailing white space anyway, so every delivery got 401 and the bot never reviewed.
 * Decided: white space around the secret is not part of it (trimmed at start); a secret
 * that is only white space is still "not set".
 */
import { afterEach, describe, expect, it } from "vitest";
import { ConfigError } from "../../src/config.js";
import { startServer } from "../../src/entries/serve/start-server.js";
import { mergeRequestHook } from "../support/gitlab-server/webhooks.js";
import { capturedLogger } from "../serve/serve-harness.js";
import { GITLAB_SECRET, startGitLabHarness, type GitLabHarness } from "../serve/gitlab-serve-harness.js";

let harness: GitLabHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe("adversary: GITLAB_WEBHOOK_SECRET with a trailing line feed", () => {
  it("still matches the X-Gitlab-Token GitLab sends, and a wrong token is still 401", async () => {
    harness = await startGitLabHarness({ env: { GITLAB_WEBHOOK_SECRET: `${GITLAB_SECRET}\r\n` } });
    const hook = mergeRequestHook(harness.fixture.gitlab.url, harness.mr, { action: "open", user: "alice" });
    expect((await harness.send(hook, { token: "wrong" })).status).toBe(401);
    expect((await harness.send(hook)).status).toBe(200);
    await harness.runsStarted(1);
  });

  it("a secret of white space only is refused at start", async () => {
    const env = { PORT: "0", HOST: "127.0.0.1", GITLAB_WEBHOOK_SECRET: "\n", AI_REVIEW_GITLAB_TOKEN: "glpat-x", GITLAB_URL: "http://127.0.0.1:9" };
    const started = startServer({ env, runJob: async () => {}, runGitLabJob: async () => {}, logger: capturedLogger().logger });
    await expect(started).rejects.toBeInstanceOf(ConfigError);
    await expect(started).rejects.toThrow(/GITLAB_WEBHOOK_SECRET is not/);
  });
});
