/**
 * Which sides `ai-review serve` answers, by what its environment sets: a GitHub-only server
 * needs no GitLab variable, a GitLab-only one no GitHub App, and a side that is asked for
 * but incomplete (above all, GitLab without its webhook secret) refuses to start.
 */
import { describe, expect, test } from "vitest";
import { ConfigError } from "../../src/config.js";
import { startServer, type StartServerOptions } from "../../src/entries/serve/start-server.js";
import { capturedLogger, testKeys, WEBHOOK_SECRET } from "./serve-harness.js";

const github = () => ({ APP_ID: "1", PRIVATE_KEY: testKeys().privateKey, WEBHOOK_SECRET });
const gitlab = { GITLAB_WEBHOOK_SECRET: "gl-secret-1f2e", AI_REVIEW_GITLAB_TOKEN: "glpat-test-token-abc123", GITLAB_URL: "http://127.0.0.1:9" };
const listen = { PORT: "0", HOST: "127.0.0.1" };
const jobs: Pick<StartServerOptions, "runJob" | "runGitLabJob"> = { runJob: async () => {}, runGitLabJob: async () => {} };

async function refusal(env: Record<string, string | undefined>): Promise<string> {
  const error = await startServer({ env, ...jobs, logger: capturedLogger().logger }).then(
    async (server) => {
      await server.close();
      throw new Error("the server started");
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return (error as Error).message;
}

async function post(url: string, path: string): Promise<{ status: number; error: string }> {
  const response = await fetch(`${url}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
  return { status: response.status, error: ((await response.json()) as { error: string }).error };
}

describe("ai-review serve: the GitHub and GitLab sides", () => {
  test("the GitLab side refuses to start without GITLAB_WEBHOOK_SECRET when a token is set, and without a token when the secret is", async () => {
    const noSecret = await refusal({ ...listen, ...github(), AI_REVIEW_GITLAB_TOKEN: gitlab.AI_REVIEW_GITLAB_TOKEN });
    expect(noSecret).toMatch(/AI_REVIEW_GITLAB_TOKEN is set but GITLAB_WEBHOOK_SECRET is not: set it to a long random string/);
    expect(noSecret).toMatch(/to answer GitHub only, unset AI_REVIEW_GITLAB_TOKEN/);
    expect(noSecret).not.toContain(gitlab.AI_REVIEW_GITLAB_TOKEN);
    expect(await refusal({ ...listen, GITLAB_TOKEN: "glpat-other", GITLAB_WEBHOOK_SECRET: "" })).toMatch(/GITLAB_TOKEN is set but GITLAB_WEBHOOK_SECRET is not/);
    expect(await refusal({ ...listen, GITLAB_WEBHOOK_SECRET: gitlab.GITLAB_WEBHOOK_SECRET })).toMatch(
      /GITLAB_WEBHOOK_SECRET is set but no GitLab token: set AI_REVIEW_GITLAB_TOKEN to a .* with the `api` scope/,
    );
    expect(await refusal({ ...listen, ...gitlab, GITLAB_URL: "gitlab.example.com" })).toMatch(/GITLAB_URL must be the GitLab instance's http\(s\) URL/);
  });

  test("with neither side set up it refuses to start, saying what each needs", async () => {
    expect(await refusal({ ...listen })).toMatch(/nothing to answer: set APP_ID, PRIVATE_KEY \(or PRIVATE_KEY_PATH\) and WEBHOOK_SECRET for a GitHub App, and\/or GITLAB_WEBHOOK_SECRET and AI_REVIEW_GITLAB_TOKEN/);
  });

  test("a GitHub-only server starts with no GitLab variable, and answers 404 on /gitlab/webhook saying what to set", async () => {
    const server = await startServer({ env: { ...listen, ...github() }, ...jobs, logger: capturedLogger().logger });
    try {
      expect(await post(server.url, "/gitlab/webhook")).toEqual({ status: 404, error: "this server does not answer /gitlab/webhook: set GITLAB_WEBHOOK_SECRET and AI_REVIEW_GITLAB_TOKEN to turn it on" });
      expect((await post(server.url, "/api/github/webhooks")).status).toBe(401);
    } finally {
      await server.close();
    }
  });

  test("both sides answer on one port; the GitLab side needs its runner", async () => {
    const server = await startServer({ env: { ...listen, ...github(), ...gitlab }, ...jobs, logger: capturedLogger().logger });
    try {
      expect((await post(server.url, "/api/github/webhooks")).status).toBe(401);
      expect(await post(server.url, "/gitlab/webhook")).toMatchObject({ status: 401, error: expect.stringContaining("GITLAB_WEBHOOK_SECRET") });
    } finally {
      await server.close();
    }
    await expect(startServer({ env: { ...listen, ...gitlab }, runJob: jobs.runJob, logger: capturedLogger().logger })).rejects.toThrow(/no runGitLabJob/);
  });
});
