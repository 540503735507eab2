/** The gateway keys of the config: from the file and the environment, and the errors that say what to write. */
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config.js";

const file = (text: string) => ({ text, source: ".ai-review.yml" });

describe("gateway config", () => {
  it("defaults: no gateway, json_object, the cap's field chosen by model name, no extra headers", () => {
    expect(loadConfig({ file: null, env: {} })).toMatchObject({
      gateway: "none",
      zero_retention: false,
      byok: false,
      headers: {},
      response_format: "json_object",
      max_tokens_field: "auto",
    });
  });

  it("AI_REVIEW_GATEWAY and AI_REVIEW_ZERO_RETENTION switch Cloudflare and zero retention on", () => {
    const config = loadConfig({ file: null, env: { AI_REVIEW_GATEWAY: "cloudflare", AI_REVIEW_ZERO_RETENTION: "true" } });
    expect(config).toMatchObject({ gateway: "cloudflare", zero_retention: true });
    expect(loadConfig({ file: file("zero_retention: true\n"), env: { AI_REVIEW_ZERO_RETENTION: "false" } }).zero_retention).toBe(false);
  });

  it("a zero-retention value that is neither true nor false is refused, not read as false", () => {
    expect(() => loadConfig({ file: null, env: { AI_REVIEW_ZERO_RETENTION: "on please" } })).toThrow(
      new ConfigError('AI_REVIEW_ZERO_RETENTION must be true or false, got "on please"'),
    );
  });

  it("an unknown gateway is refused with the ones there are", () => {
    expect(() => loadConfig({ file: null, env: { AI_REVIEW_GATEWAY: "cloudfare" } })).toThrow(/`gateway`: .*"none".*"cloudflare"/);
  });

  it("headers: names must be header names, values { env: NAME } only", () => {
    expect(() => loadConfig({ file: file('headers:\n  "x bad": { env: A }\n'), env: {} })).toThrow(/`headers.x bad`: not a valid HTTP header name/);
    expect(() => loadConfig({ file: file("headers:\n  x-key: { env: 'MY KEY' }\n"), env: {} })).toThrow(
      /`headers.x-key.env`: must be the name of an environment variable/,
    );
    expect(() => loadConfig({ file: file("headers:\n  x-key: sk-live-abc\n"), env: {} })).toThrow(/never written in the config file/);
    expect(loadConfig({ file: file("headers:\n  x-key: { env: MY_KEY }\n"), env: {} }).headers).toEqual({ "x-key": { env: "MY_KEY" } });
  });

  it("Cloudflare-only keys need gateway: cloudflare", () => {
    for (const text of ["byok: true\n", "cache_ttl: 60\n", "gateway_token_env: TOKEN\n"]) {
      expect(() => loadConfig({ file: file(text), env: {} })).toThrow(/is a Cloudflare AI Gateway setting: also set gateway: cloudflare/);
    }
    expect(() => loadConfig({ file: file("gateway: cloudflare\ncache_ttl: 0\n"), env: {} })).toThrow(/`cache_ttl`: must be a whole number from 1 to 2,592,000/);
  });
});
