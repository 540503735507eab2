/**
 * Adversary: GitLab stores at most "Maximum diff files" (1,000 by default) of a merge
 * request's diff; `/diffs` lists only those and `changes_count` says "1000+". The adapter
 * reviewed the files it was given and, with `approve: true`, approved: file 1,001 onwards
 * (where a branch can put what it wants unseen) was never read. Fixed: the files past the
 * list (a "N+" count, or a count above the files listed) are one "not reviewed" entry that
 * blocks approval. The loopback server now enforces the cap (`diffMaxFiles`).
 */
import { afterEach, describe, expect, it } from "vitest";
import { runReviewFlow } from "../../src/review-flow.js";
import { createGitLabApi } from "../../src/forges/gitlab/create-gitlab-api.js";
import { GitLabChangeSource } from "../../src/forges/gitlab/gitlab-change-source.js";
import { GitLabPublisher } from "../../src/forges/gitlab/gitlab-publisher.js";
import { unlistedFilesSkip } from "../../src/forges/gitlab/unlisted-files-skip.js";
import { createRepo } from "../support/git-repo.js";
import { AccessLevel, startGitLabServer, type GitLabServer } from "../support/gitlab-server/index.js";
import { reply, startModelServer, type ModelServer } from "../support/model-server.js";

let gitlab: GitLabServer | undefined;
let model: ModelServer | undefined;
const git = createRepo();
afterEach(async () => {
  await gitlab?.close();
  await model?.close();
  gitlab = model = undefined;
});

describe("adversary: more files than GitLab lists", () => {
  it("lists the files past GitLab's cap as not reviewed and does not approve", async () => {
    gitlab = await startGitLabServer({ limits: { diffMaxFiles: 3 } });
    model = await startModelServer(() => reply.json({ summary: "Fine.", comments: [] }));
    git.write(".ai-review.yml", "approve: true\n");
    git.commit("base");
    git.git("checkout", "-q", "-b", "fix");
    for (const name of ["a", "b", "c", "d", "e"]) git.write(`src/${name}.ts`, `export const ${name} = 1;\n`);
    git.commit("five files");
    const project = gitlab.addProject({ path: "acme/widgets", git, members: { alice: AccessLevel.developer } });
    const mr = project.addMergeRequest({ title: "Five", author: "alice", target: { branch: "main" }, source: { branch: "fix" } });
    const { token } = gitlab.projectAccessToken("acme/widgets", { name: "ai-review" });
    const address = { api: createGitLabApi({ host: gitlab.url, token, sleep: async () => {} }), projectId: "acme/widgets", mergeRequestIid: mr.iid };

    const { review } = await runReviewFlow({
      source: new GitLabChangeSource(address),
      publisher: new GitLabPublisher(address),
      env: { OPENAI_BASE_URL: model.baseURL, OPENAI_API_KEY: "sk-loopback", AI_REVIEW_MODEL: "m" },
      sleep: async () => {},
    });

    expect(review.verdict).toBe("comment");
    expect(mr.approvals.size).toBe(0);
    expect(review.skipped).toContainEqual(expect.objectContaining({ path: "(more files)", changeControlled: true }));
    expect(mr.notes.find((n) => n.type === null)!.body).toMatch(/Not approved: .*\(more files\)/);
    git.cleanup();
  });

  it("counts the files a plain count says were not listed", () => {
    expect(unlistedFilesSkip("12", 12)).toBeNull();
    expect(unlistedFilesSkip("12", 10)).toMatchObject({ path: "(2 more files)", changeControlled: true });
    expect(unlistedFilesSkip("1000+", 1000)).toMatchObject({ path: "(more files)", detail: expect.stringContaining('changes_count "1000+"') });
    expect(unlistedFilesSkip(null, 3)).toBeNull();
  });
});
