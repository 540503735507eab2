/**
 * Regression: a key or gateway header value with a line break inside (a secret pasted over
 * two lines) made fetch throw "Headers.append: "<the whole value>" is an invalid header
 * value." for every part: the review failed with the secret printed in the log and in each
 * failed part's error (which the summary comment shows). Now the review stops before any
 * request, with a config error that names the variable and never the value.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, it, onTestFinished } from "vitest";
import { ModelClient } from "../../src/llm/model-client.js";
import { TOTAL, modelServer } from "../llm/gateway-harness.js";
import { runCli } from "../support/run-cli.js";

const SECRET_HEAD = "pk-live-7d3f9a1c";
const SECRET_TAIL = "5e2b8c4d6f0a9e1b";

function configDir(config: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "ai-review-adv9-"));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(path.join(dir, ".ai-review.yml"), config);
  return dir;
}

it.each([
  ["a header from the config", "headers:\n  x-portkey-api-key: { env: PORTKEY_API_KEY }\n", { PORTKEY_API_KEY: `${SECRET_HEAD}\n${SECRET_TAIL}` }, /PORTKEY_API_KEY \(sent as the header x-portkey-api-key\) holds a line break/],
  ["the gateway token", "gateway: cloudflare\n", { CF_AIG_TOKEN: `${SECRET_HEAD}\r\n${SECRET_TAIL}`, AI_REVIEW_MODEL: "openai/gpt-4o-mini" }, /CF_AIG_TOKEN \(sent as cf-aig-authorization\) holds a line break/],
  ["the API key", "", { OPENAI_API_KEY: `${SECRET_HEAD}\nX-Injected: 1` }, /`api_key`: holds a line break/],
])("%s with a line break inside: a config error naming the variable, no request, no secret shown", async (_, config, env, message) => {
  const server = await modelServer();
  const run = await runCli(["review", "--diff", "-", "--format", "json"], {
    cwd: configDir(config),
    stdin: TOTAL,
    env: { OPENAI_BASE_URL: server.baseURL, OPENAI_API_KEY: "sk-test-loopback-key", ...env },
  });

  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(message);
  expect(run.stdout + run.stderr).not.toContain(SECRET_HEAD);
  expect(run.stdout + run.stderr).not.toContain(SECRET_TAIL);
  expect(server.requests).toHaveLength(0);
});

it("a trailing line break (a secret saved from a file) is not an error: the value is sent without it", async () => {
  const server = await modelServer();
  const run = await runCli(["review", "--diff", "-", "--format", "json"], {
    cwd: configDir("headers:\n  x-portkey-api-key: { env: PORTKEY_API_KEY }\n"),
    stdin: TOTAL,
    env: { OPENAI_BASE_URL: server.baseURL, OPENAI_API_KEY: "sk-test-loopback-key\n", PORTKEY_API_KEY: `${SECRET_HEAD}${SECRET_TAIL}\n` },
  });

  expect(run.code).toBe(0);
  expect(server.requests[0]!.headers["x-portkey-api-key"]).toBe(`${SECRET_HEAD}${SECRET_TAIL}`);
  expect(server.requests[0]!.headers.authorization).toBe("Bearer sk-test-loopback-key");
});

it("the library client refuses such a value itself, without quoting it", () => {
  const make = (options: { apiKey?: string; headers?: Record<string, string> }) => () =>
    new ModelClient({ baseURL: "http://127.0.0.1:9/v1", model: "m", maxTokens: 100, ...options });
  expect(make({ headers: { "x-key": `${SECRET_HEAD}\n${SECRET_TAIL}` } })).toThrow(/^Model client option headers\["x-key"\] holds a line break; nothing was sent\.$/);
  expect(make({ apiKey: `${SECRET_HEAD}\u2028${SECRET_TAIL}` })).toThrow(/^Model client option apiKey holds a character that cannot be sent/);
});
