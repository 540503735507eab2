/**
 * What the GitLab adapter tests share: the test GitLab server answering from a repository
 * built with the real git binary, and the adapter's own client (`createGitLabApi`) pointed
 * at it, with an injected sleep that records the waits instead of waiting.
 */
import { createGitLabApi, type GitLabApi } from "../../../src/forges/gitlab/create-gitlab-api.js";
import { createRepo, type Repo } from "../../support/git-repo.js";
import { AccessLevel, startGitLabServer, type GitLabServer, type GitLabServerOptions, type TestProject } from "../../support/gitlab-server/index.js";

export const PROJECT = "acme/widgets";

export interface Fixture {
  gitlab: GitLabServer;
  git: Repo;
  /** Every wait the client asked for, in ms. */
  waits: number[];
  project(): TestProject;
  api(credentials: { token: string } | { jobToken: string }): GitLabApi;
  close(): Promise<void>;
}

export async function startFixture(options: GitLabServerOptions = {}): Promise<Fixture> {
  const gitlab = await startGitLabServer(options);
  const git = createRepo();
  const waits: number[] = [];
  let project: TestProject | null = null;
  return {
    gitlab,
    git,
    waits,
    project() {
      project ??= gitlab.addProject({ path: PROJECT, git, members: { alice: AccessLevel.developer } });
      return project;
    },
    api: (credentials) =>
      createGitLabApi({
        host: gitlab.url,
        ...credentials,
        sleep: async (ms) => void waits.push(ms),
      }),
    async close() {
      git.cleanup();
      await gitlab.close();
    },
  };
}

/** Commits `base` on main and `head` on branch fix, and opens a merge request from fix into main. */
export function openMergeRequest(fixture: Fixture, base: Record<string, string>, head: Record<string, string | null>) {
  const { git } = fixture;
  for (const [path, text] of Object.entries(base)) git.write(path, text);
  const baseSha = git.commit("base");
  git.git("checkout", "-q", "-b", "fix");
  const headSha = applyFiles(git, head, "change");
  const mr = fixture.project().addMergeRequest({ title: "Fix things", description: "Fixes them.", author: "alice", target: { branch: "main" }, source: { branch: "fix" } });
  return { mr, baseSha, headSha };
}

export function applyFiles(git: Repo, files: Record<string, string | null>, message: string): string {
  for (const [path, text] of Object.entries(files)) {
    if (text === null) git.remove(path);
    else git.write(path, text);
  }
  return git.commit(message);
}

/** The same review and findings the GitHub tests publish: what publishing reads, nothing else. */
export { findingAt, reviewOf } from "../github/github-fixture.js";
