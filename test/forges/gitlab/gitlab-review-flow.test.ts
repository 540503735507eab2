/**
 * The shared review flow on GitLab, through the test GitLab server, the real gitbeaker and
 * the loopback model: a first review posts discussions and the summary note; after a push
 * only the files changed since are reviewed, nothing is posted twice, the summary is edited
 * in place, and the earlier finding that still applies is listed with a link to its note.
 */
import { afterEach, describe, expect, it } from "vitest";
import { readSummaryMarker } from "../../../src/core/review-marker.js";
import { GitLabChangeSource } from "../../../src/forges/gitlab/gitlab-change-source.js";
import { GitLabPublisher } from "../../../src/forges/gitlab/gitlab-publisher.js";
import { runReviewFlow } from "../../../src/review-flow.js";
import { startModelServer, type ModelServer } from "../../support/model-server.js";
import { twoFileReviewer } from "../../support/two-file-reviewer.js";
import { applyFiles, openMergeRequest, PROJECT, startFixture, type Fixture } from "./gitlab-fixture.js";

let fixture: Fixture | undefined;
let model: ModelServer | undefined;
afterEach(async () => {
  await fixture?.close();
  await model?.close();
  fixture = undefined;
  model = undefined;
});

describe("the review flow on a GitLab merge request", () => {
  it("reviews, then re-reviews only what a push changed, editing the one summary note", async () => {
    fixture = await startFixture();
    model = await startModelServer(twoFileReviewer);
    const { mr, headSha: firstHead } = openMergeRequest(
      fixture,
      { "README.md": "# widgets\n" },
      { "src/a.ts": "// rows\nexport const rows = db.query(input);\n", "src/b.ts": "export function last(xs: number[]) {\n  return xs[xs.length];\n}\n" },
    );
    const { token } = fixture.gitlab.projectAccessToken(PROJECT, { name: "ai-review" });
    const address = { api: fixture.api({ token }), projectId: PROJECT, mergeRequestIid: mr.iid };
    const run = () =>
      runReviewFlow({
        source: new GitLabChangeSource(address),
        publisher: new GitLabPublisher(address),
        env: { OPENAI_BASE_URL: model!.baseURL, OPENAI_API_KEY: "sk-loopback", AI_REVIEW_MODEL: "m" },
        sleep: async () => {},
      });

    const first = await run();
    expect(first.published).toMatchObject({ inline: 2, movedToSummary: 0, writeCalls: 3 });
    expect(mr.diffNotes.map((n) => [n.position?.new_path, n.position?.new_line])).toEqual(expect.arrayContaining([["src/a.ts", 2], ["src/b.ts", 2]]));
    expect(mr.diffNotes.find((n) => n.position?.new_path === "src/b.ts")!.body).toContain("```suggestion:-0+0\n  return xs[xs.length - 1];\n```");
    const onA = mr.diffNotes.find((n) => n.position?.new_path === "src/a.ts")!;

    // The push fixes b.ts and leaves a.ts alone.
    const secondHead = applyFiles(fixture.git, { "src/b.ts": "export function last(xs: number[]) {\n  return xs[xs.length - 1];\n}\n" }, "fix b");
    mr.push(secondHead);
    const second = await run();

    expect(second.change.incremental).toEqual({ since: firstHead, files: 1 });
    expect(second.review.comments).toEqual([]);
    expect(second.published.writeCalls).toBe(1);
    expect(mr.diffNotes).toHaveLength(2);
    const summaries = mr.notes.filter((n) => n.type === null);
    expect(summaries).toHaveLength(1);
    expect(readSummaryMarker(summaries[0]!.body)).toEqual({ head: secondHead, base: first.state.base, fingerprints: first.state.fingerprints });
    expect(summaries[0]!.body).toContain(`Reviewed the changes since ${firstHead.slice(0, 7)} (1 file).`);
    expect(summaries[0]!.body).toContain(`- **major** \`src/a.ts:2\` SQL built from input ([comment](`);
    expect(summaries[0]!.body).toContain(`#note_${onA.id})`);
    expect(summaries[0]!.body).not.toContain("Reads past the end");
  });
});
