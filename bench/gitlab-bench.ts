/**
 * GitLab figures: write calls per published review for 1, 10 and 100 findings. GitLab has
 * no batch of inline comments, so the calls are one discussion per finding and one summary
 * note: they grow with the findings, never with retries of the whole review. Everything runs
 * against the loopback GitLab server through the real gitbeaker client, here.
 */
import { fingerprint } from "../src/core/fingerprint.js";
import type { ReviewComment } from "../src/core/review-result.js";
import { createGitLabApi } from "../src/forges/gitlab/create-gitlab-api.js";
import { GitLabChangeSource } from "../src/forges/gitlab/gitlab-change-source.js";
import { GitLabPublisher } from "../src/forges/gitlab/gitlab-publisher.js";
import { createRepo } from "../test/support/git-repo.js";
import { startGitLabServer } from "../test/support/gitlab-server/index.js";
import { reviewWith } from "../test/support/review-with.js";

async function writeCalls(): Promise<void> {
  const gitlab = await startGitLabServer();
  const git = createRepo();
  try {
    git.write("src/app.ts", "export const a = 0;\n");
    git.commit("base");
    git.git("checkout", "-q", "-b", "fix");
    git.write("src/app.ts", `${Array.from({ length: 120 }, (_, i) => `export const v${i} = ${i};`).join("\n")}\n`);
    const head = git.commit("values");
    const project = gitlab.addProject({ path: "acme/widgets", git });
    const { token } = gitlab.projectAccessToken("acme/widgets", { name: "ai-review" });
    const api = createGitLabApi({ host: gitlab.url, token, sleep: async () => {} });
    const row: string[] = [];
    for (const n of [1, 10, 100]) {
      const mr = project.addMergeRequest({ title: `${n} findings`, author: "alice", target: { branch: "main" }, source: { branch: "fix" } });
      const address = { api, projectId: "acme/widgets", mergeRequestIid: mr.iid };
      const change = await new GitLabChangeSource(address).readChange();
      const comments = Array.from({ length: n }, (_, i) => finding(i + 1));
      const before = gitlab.writes().length;
      const publisher = new GitLabPublisher(address);
      const result = await publisher.publish(reviewWith({ comments, head }), { head, base: null, fingerprints: comments.map((c) => c.fingerprint) }, change);
      if (result.inline !== n) throw new Error(`bench: ${result.inline} of ${n} findings were posted inline`);
      row.push(`${n} -> ${gitlab.writes().length - before}`);
    }
    console.log(`GitLab write calls per review (findings -> calls): ${row.join(", ")} (target: findings + 1; one discussion each, one summary note)`);
  } finally {
    git.cleanup();
    await gitlab.close();
  }
}

function finding(line: number): ReviewComment {
  const body = `Value ${line} needs a name.`;
  return { path: "src/app.ts", line, side: "RIGHT", severity: "minor", body, fingerprint: fingerprint({ path: "src/app.ts", side: "RIGHT", body, lineText: `export const v${line - 1} = ${line - 1};` }) };
}

export async function benchGitLab(): Promise<void> {
  console.log("\n== GitLab: publishing ==");
  await writeCalls();
}
