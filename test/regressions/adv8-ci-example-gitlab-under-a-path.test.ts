/**
 * Adversary (an ordinary self-managed setup): GitLab served under a path,
 * https://example.com/gitlab. The example job installed ai-review from
 * `${CI_SERVER_HOST}:${CI_SERVER_PORT}/<project>.git`, which drops the path: the clone
 * URL pointed at a project that does not exist and the job failed before reviewing. Fixed:
 * the URL is built from CI_SERVER_URL, which GitLab sets with the path. The script line
 * is expanded here by a real POSIX shell (GitLab runs job scripts in one) with the
 * variables GitLab sets, and the client's API root keeps the path as well.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { createGitLabApi } from "../../src/forges/gitlab/create-gitlab-api.js";

const job = (parse(readFileSync(resolve(import.meta.dirname, "../../.gitlab-ci.example.yml"), "utf8")) as Record<string, any>)["ai-review"];
const install = (job.script as string[]).find((line) => line.startsWith("npm install"))!;

/** The install line's package argument as `sh` expands it with GitLab's variables. */
function packageUrl(server: { url: string; protocol: string; host: string; port: string }): string {
  const argument = /"(git\+[^"]+)"/.exec(install)![1]!;
  return execFileSync("sh", ["-c", `printf '%s' "${argument}"`], {
    env: {
      PATH: process.env.PATH,
      CI_SERVER_URL: server.url,
      CI_SERVER_PROTOCOL: server.protocol,
      CI_SERVER_HOST: server.host,
      CI_SERVER_PORT: server.port,
      CI_JOB_TOKEN: "job-token-123",
      ...job.variables,
    },
    encoding: "utf8",
  });
}

describe("adversary: GitLab under a path", () => {
  it("installs ai-review from the project on that instance, path and port kept", () => {
    const { AI_REVIEW_PROJECT: project, AI_REVIEW_REF: ref } = job.variables;
    expect(packageUrl({ url: "https://example.com/gitlab", protocol: "https", host: "example.com", port: "443" })).toBe(
      `git+https://gitlab-ci-token:job-token-123@example.com/gitlab/${project}.git#${ref}`,
    );
    expect(packageUrl({ url: "http://gitlab.internal:8080", protocol: "http", host: "gitlab.internal", port: "8080" })).toBe(
      `git+http://gitlab-ci-token:job-token-123@gitlab.internal:8080/${project}.git#${ref}`,
    );
  });

  it("keeps the path in the API root, from CI_SERVER_URL or CI_API_V4_URL", () => {
    for (const host of ["https://example.com/gitlab", "https://example.com/gitlab/", "https://example.com/gitlab/api/v4"]) {
      const api = createGitLabApi({ host, token: "t" });
      expect(api.MergeRequests.url).toBe("https://example.com/gitlab/api/v4/");
    }
  });
});
