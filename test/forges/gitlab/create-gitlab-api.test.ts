import { afterEach, describe, expect, it } from "vitest";
import { createGitLabApi, usesJobToken } from "../../../src/forges/gitlab/create-gitlab-api.js";
import { explainGitLabFailure } from "../../../src/forges/gitlab/explain-gitlab-failure.js";
import { gitlabApiOptionsFromEnv } from "../../../src/forges/gitlab/gitlab-env.js";
import { fault } from "../../support/gitlab-server/index.js";
import { openMergeRequest, PROJECT, startFixture, type Fixture } from "./gitlab-fixture.js";

const USER = "GET /user";
const NOTES = "POST /projects/:id/merge_requests/:merge_request_iid/notes";

let fixture: Fixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

describe("createGitLabApi", () => {
  it("waits what Retry-After asks on a 429, and retries a read after a 502", async () => {
    fixture = await startFixture();
    const api = fixture.api({ token: fixture.gitlab.userToken("bot") });
    fixture.gitlab.inject(USER, fault.rateLimited({ retryAfter: 12 }), fault.serverError(502));
    expect((await api.Users.showCurrentUser()).username).toBe("bot");
    expect(fixture.waits).toEqual([12_000, 2_000]);
    expect(fixture.gitlab.requestsTo(USER)).toHaveLength(3);
  });

  it("fails instead of waiting longer than allowed, and never resends a write after a 5xx", async () => {
    fixture = await startFixture();
    const { mr } = openMergeRequest(fixture, { "a.ts": "a\n" }, { "a.ts": "b\n" });
    const api = fixture.api({ token: fixture.gitlab.projectAccessToken(PROJECT).token });
    fixture.gitlab.inject(USER, fault.rateLimited({ retryAfter: 3600 }));
    const limited = await api.Users.showCurrentUser().catch((error: unknown) => error);
    expect(explainGitLabFailure(limited, "reading the user").message).toMatch(/rate limit stopped reading the user after the allowed retries \(429/);
    expect(fixture.waits).toEqual([]);

    fixture.gitlab.inject(NOTES, fault.serverError(502));
    const failed = await api.MergeRequestNotes.create(PROJECT, mr.iid, "hello").catch((error: unknown) => error);
    expect(explainGitLabFailure(failed, "writing a note").message).toMatch(/^GitLab answered 502 while writing a note/);
    expect(fixture.gitlab.requestsTo(NOTES)).toHaveLength(1);
    expect(mr.notes).toHaveLength(0);
  });

  it("gives up on a 429 after the allowed retries", async () => {
    fixture = await startFixture();
    const api = createGitLabApi({ host: fixture.gitlab.url, token: fixture.gitlab.userToken("bot"), maxLimitRetries: 2, sleep: async () => {} });
    fixture.gitlab.inject(USER, fault.rateLimited(), fault.rateLimited(), fault.rateLimited());
    await expect(api.Users.showCurrentUser()).rejects.toThrow();
    expect(fixture.gitlab.requestsTo(USER)).toHaveLength(3);
  });

  it("sends a job token as JOB-TOKEN and knows it is one", () => {
    expect(usesJobToken(createGitLabApi({ host: "http://127.0.0.1:1", jobToken: "j" }))).toBe(true);
    expect(usesJobToken(createGitLabApi({ host: "http://127.0.0.1:1", token: "t" }))).toBe(false);
    expect(() => createGitLabApi({ host: "http://127.0.0.1:1" })).toThrow(/exactly one of token and jobToken/);
  });
});

describe("gitlabApiOptionsFromEnv", () => {
  it("takes the host from CI_SERVER_URL, else GITLAB_URL, and the best token there is", () => {
    expect(gitlabApiOptionsFromEnv({ CI_SERVER_URL: "https://ci", GITLAB_URL: "https://other", AI_REVIEW_GITLAB_TOKEN: "a", GITLAB_TOKEN: "g", CI_JOB_TOKEN: "j" })).toEqual({ host: "https://ci", token: "a" });
    expect(gitlabApiOptionsFromEnv({ GITLAB_URL: "https://self", GITLAB_TOKEN: "g", CI_JOB_TOKEN: "j" })).toEqual({ host: "https://self", token: "g" });
    expect(gitlabApiOptionsFromEnv({ CI_SERVER_URL: "https://ci", CI_JOB_TOKEN: "j" })).toEqual({ host: "https://ci", jobToken: "j" });
    expect(gitlabApiOptionsFromEnv({})).toBeNull();
  });
});
