import { afterEach, describe, expect, it } from "vitest";
import { createGitHubOctokit, type GitHubLogger } from "../../../src/forges/github/create-github-octokit.js";
import { OWNER, REPO, startFixture, type Fixture } from "./github-fixture.js";

let fixture: Fixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

function collectingLogger(): { logger: GitHubLogger; lines: string[] } {
  const lines: string[] = [];
  const push = (level: string) => (message: string) => void lines.push(`${level} ${message}`);
  return { lines, logger: { debug: push("debug"), info: push("info"), warn: push("warn"), error: push("error") } };
}

describe("createGitHubOctokit", () => {
  it("talks to GITHUB_API_URL as ai-review with its version", async () => {
    fixture = await startFixture();
    fixture.git.write("a", "a\n");
    fixture.git.commit("base");
    fixture.github.addRepository({ owner: OWNER, name: REPO, git: fixture.git });
    const octokit = fixture.octokit(fixture.github.userToken("reviewer"));
    await octokit.rest.repos.getContent({ owner: OWNER, repo: REPO, path: "a" });
    expect(fixture.github.requests[0]!.headers["user-agent"]).toMatch(/^ai-review\/0\.0\.0-test /);
  });

  it("uses GitHub.com when no API URL is given, and drops a trailing slash of one that is", () => {
    const { logger } = collectingLogger();
    const defaults = (baseUrl?: string) => createGitHubOctokit({ token: "t", version: "1", logger, baseUrl }).request.endpoint.DEFAULTS.baseUrl;
    expect(defaults()).toBe("https://api.github.com");
    expect(defaults("")).toBe("https://api.github.com");
    expect(defaults("https://ghe.example.com/api/v3/")).toBe("https://ghe.example.com/api/v3");
  });

  it("masks the token in anything written to its log", () => {
    const { logger, lines } = collectingLogger();
    const token = "ghs_secretTOKENvalue123";
    const octokit = createGitHubOctokit({ token, version: "1", logger });
    octokit.log.warn(`request to https://x.test/?access_token=${token} failed`);
    (octokit.log.error as (message: string, extra: unknown) => void)("limit handler failed", new Error(`bad ${token}`));
    expect(lines).toEqual(["warn request to https://x.test/?access_token=*** failed", "error limit handler failed: bad ***"]);
  });

  it("refuses to build a client without a token", () => {
    const { logger } = collectingLogger();
    expect(() => createGitHubOctokit({ token: "", version: "1", logger })).toThrow("createGitHubOctokit: no token given");
  });
});
