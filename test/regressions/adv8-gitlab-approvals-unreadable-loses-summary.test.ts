/**
 * Adversary: GitLab refusing to show a merge request's approvals (403 or 404: approvals
 * off for the project, or not open to the bot's token). The publisher read them on every
 * review, even with `approve` off, after posting the discussions and before writing the
 * summary: the job failed there, and the summary, with the findings kept for it (those
 * past the inline limit, those GitLab refused inline), was never written. Fixed: approvals
 * that cannot be read are "unknown"; nothing is done about them unless approval is wanted,
 * and then the approve call itself says whether the bot may.
 */
import { afterEach, describe, expect, it } from "vitest";
import { runReviewFlow } from "../../src/review-flow.js";
import { GitLabChangeSource } from "../../src/forges/gitlab/gitlab-change-source.js";
import { GitLabPublisher } from "../../src/forges/gitlab/gitlab-publisher.js";
import { fault } from "../support/gitlab-server/index.js";
import { reply, startModelServer, type ModelServer, type ReplyHandler } from "../support/model-server.js";
import { twoFileReviewer } from "../support/two-file-reviewer.js";
import { openMergeRequest, PROJECT, startFixture, type Fixture } from "../forges/gitlab/gitlab-fixture.js";

let fixture: Fixture | undefined;
let model: ModelServer | undefined;
afterEach(async () => {
  await fixture?.close();
  await model?.close();
  fixture = model = undefined;
});

const APPROVALS = "GET /projects/:id/merge_requests/:merge_request_iid/approvals";

async function review(handler: ReplyHandler, base: Record<string, string>, status: 403 | 404) {
  fixture = await startFixture();
  model = await startModelServer(handler);
  const { mr } = openMergeRequest(fixture, { "README.md": "# w\n", ...base }, { "src/a.ts": "// rows\nexport const rows = db.query(input);\n" });
  const { token, user } = fixture.gitlab.projectAccessToken(PROJECT, { name: "ai-review" });
  fixture.gitlab.inject(APPROVALS, fault.status(status, { message: `${status} Forbidden` }));
  const address = { api: fixture.api({ token }), projectId: PROJECT, mergeRequestIid: mr.iid };
  const result = await runReviewFlow({
    source: new GitLabChangeSource(address),
    publisher: new GitLabPublisher(address),
    env: { OPENAI_BASE_URL: model.baseURL, OPENAI_API_KEY: "sk-loopback", AI_REVIEW_MODEL: "m" },
    sleep: async () => {},
  });
  return { mr, user, result };
}

describe("adversary: approvals GitLab will not show", () => {
  it("with approve off, the review is still published whole: discussions and summary", async () => {
    const { mr, result } = await review(twoFileReviewer, {}, 403);
    expect(result.published).toMatchObject({ inline: 1, verdict: "comment" });
    expect(mr.diffNotes).toHaveLength(1);
    expect(mr.notes.filter((n) => n.type === null)).toHaveLength(1);
  });

  it("with approve on, the approve call is made and stands", async () => {
    const { mr, user, result } = await review(() => reply.json({ summary: "Fine.", comments: [] }), { ".ai-review.yml": "approve: true\n" }, 404);
    expect(result.published.verdict).toBe("approve");
    expect([...mr.approvals]).toEqual([user.username]);
    expect(mr.notes.filter((n) => n.type === null)).toHaveLength(1);
  });
});
