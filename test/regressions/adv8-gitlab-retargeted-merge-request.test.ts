/**
 * Adversary: a merge request retargeted to another branch keeps its head but gets another
 * diff (GitLab adds a version with a new merge base).
 * 1. The GitLab source ignored the base recorded in the summary's marker: with the head
 *    unchanged it reviewed nothing, so `src/risky.ts`, which entered the diff with the
 *    retarget, was never reviewed (GitHub's source already checked this).
 * 2. The publisher placed comments with the diff_refs it fetched first, matched by head
 *    alone: retargeted between that fetch and the read of the diff, the comments were
 *    positioned on a diff other than the one reviewed (refused, or on the wrong line).
 * Fixed: the source reads the whole change when the base no longer descends from the
 * marker's; the publisher picks the version with the reviewed head and merge base.
 */
import { afterEach, describe, expect, it } from "vitest";
import { runReviewFlow } from "../../src/review-flow.js";
import { createGitLabApi } from "../../src/forges/gitlab/create-gitlab-api.js";
import { GitLabChangeSource } from "../../src/forges/gitlab/gitlab-change-source.js";
import { GitLabPublisher } from "../../src/forges/gitlab/gitlab-publisher.js";
import { createRepo, type Repo } from "../support/git-repo.js";
import { AccessLevel, startGitLabServer, type GitLabServer, type TestMergeRequest } from "../support/gitlab-server/index.js";
import { reply, startModelServer, type ModelServer, type RecordedRequest } from "../support/model-server.js";

let gitlab: GitLabServer | undefined;
let model: ModelServer | undefined;
let git: Repo | undefined;
afterEach(async () => {
  await gitlab?.close();
  await model?.close();
  git?.cleanup();
  gitlab = model = git = undefined;
});

const sent = (r: RecordedRequest) => r.body.messages.map((m) => m.content).join("\n");

/** main; dev (from main) adds src/risky.ts; fix (from dev) edits src/a.ts; the merge request targets dev. */
async function setUp() {
  gitlab = await startGitLabServer();
  // The model flags the shell call wherever it is shown.
  model = await startModelServer((r) =>
    sent(r).includes("execSync")
      ? reply.json({ summary: "Risky.", comments: [{ path: "src/risky.ts", line: 2, severity: "major", title: "Runs a shell command", body: "Do not shell out." }] })
      : reply.json({ summary: "Fine.", comments: [] }),
  );
  git = createRepo();
  git.write("src/a.ts", "export const a = 1;\n");
  const mainSha = git.commit("base");
  git.git("checkout", "-q", "-b", "dev");
  git.write("src/risky.ts", "import { execSync } from 'node:child_process';\nexecSync(process.argv[2]);\n");
  git.commit("risky");
  git.git("checkout", "-q", "-b", "fix");
  git.write("src/a.ts", "export const a = 2;\n");
  const head = git.commit("edit a");
  const project = gitlab.addProject({ path: "acme/widgets", git, members: { alice: AccessLevel.developer } });
  const mr = project.addMergeRequest({ title: "Edit a", author: "alice", target: { branch: "dev" }, source: { branch: "fix" } });
  const { token } = gitlab.projectAccessToken("acme/widgets", { name: "ai-review" });
  const address = { api: createGitLabApi({ host: gitlab.url, token, sleep: async () => {} }), projectId: "acme/widgets", mergeRequestIid: mr.iid };
  const env = { OPENAI_BASE_URL: model.baseURL, OPENAI_API_KEY: "sk-loopback", AI_REVIEW_MODEL: "m" };
  return { mr, head, mainSha, address, env };
}

const retarget = (mr: TestMergeRequest, head: string, target: string) => mr.push(head, { targetSha: target });

describe("adversary: a GitLab merge request retargeted to another branch", () => {
  it("reviews the files the retarget brought in, though the head did not move", async () => {
    const { mr, head, mainSha, address, env } = await setUp();
    const run = () => runReviewFlow({ source: new GitLabChangeSource(address), publisher: new GitLabPublisher(address), env, sleep: async () => {} });
    await run();
    expect(model!.requests.some((r) => sent(r).includes("execSync"))).toBe(false);

    retarget(mr, head, mainSha);
    const second = await run();

    expect(second.change.incremental).toBeNull();
    expect(model!.requests.some((r) => sent(r).includes("execSync"))).toBe(true);
    expect(mr.diffNotes.map((n) => [n.position?.new_path, n.position?.new_line])).toEqual([["src/risky.ts", 2]]);
  });

  it("places comments on the reviewed diff when the retarget comes during the review", async () => {
    const { mr, head, mainSha, address, env } = await setUp();
    const publisher = new GitLabPublisher(address);
    const previous = publisher.previous.bind(publisher);
    // The publisher has read the merge request (targeting dev); then it is retargeted to main.
    publisher.previous = async () => {
      const earlier = await previous();
      retarget(mr, head, mainSha);
      return earlier;
    };

    const { published, change } = await runReviewFlow({ source: new GitLabChangeSource(address), publisher, env, mode: "full", sleep: async () => {} });

    expect(change.baseSha).toBe(mainSha);
    expect(published).toMatchObject({ inline: 1, movedToSummary: 0 });
    const note = mr.diffNotes[0]!;
    expect([note.position?.new_path, note.position?.new_line, note.position?.base_sha]).toEqual(["src/risky.ts", 2, mainSha]);
  });
});
