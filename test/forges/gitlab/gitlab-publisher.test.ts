import { afterEach, describe, expect, it } from "vitest";
import { summaryMarker, findingMarker, readSummaryMarker, type ReviewState } from "../../../src/core/review-marker.js";
import type { ReviewComment } from "../../../src/core/review-result.js";
import { UserError } from "../../../src/core/user-error.js";
import { GitLabChangeSource } from "../../../src/forges/gitlab/gitlab-change-source.js";
import { GitLabPublisher } from "../../../src/forges/gitlab/gitlab-publisher.js";
import { fault, lineCode } from "../../support/gitlab-server/index.js";
import { findingAt, openMergeRequest, PROJECT, reviewOf, startFixture, type Fixture } from "./gitlab-fixture.js";

const DISCUSSIONS = "POST /projects/:id/merge_requests/:merge_request_iid/discussions";
const lines = (n: number, word = "line") => Array.from({ length: n }, (_, i) => `${word} ${i + 1}\n`).join("");

let fixture: Fixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

/** A merge request whose a.ts has old lines 1-10 and new: 1, 2, NEW 3, 4, 5, 6 (old 5 removed), 7..10 -> renumbered. */
async function setUp() {
  fixture = await startFixture();
  const before = lines(10);
  const after = before.replace("line 3\n", "line 3 changed\n").replace("line 7\n", "");
  const opened = openMergeRequest(fixture, { "a.ts": before, "b.ts": lines(40, "b") }, { "a.ts": after, "b.ts": lines(40, "b").replace("b 20\n", "b twenty\n") });
  const { token, user } = fixture.gitlab.projectAccessToken(PROJECT, { name: "ai-review" });
  const api = fixture.api({ token });
  const address = { api, projectId: PROJECT, mergeRequestIid: opened.mr.iid };
  const source = new GitLabChangeSource(address);
  const change = await source.readChange();
  const publisher = () => new GitLabPublisher(address);
  return { ...opened, api, address, source, change, publisher, bot: user.username };
}

const stateFor = (head: string, comments: ReviewComment[], earlier: string[] = []): ReviewState => ({
  head,
  base: null,
  fingerprints: [...earlier, ...comments.map((c) => c.fingerprint)],
});

describe("GitLabPublisher", () => {
  it("posts N findings as N discussions with GitLab's positions and one summary note: N + 1 write calls", async () => {
    const { mr, headSha, change, publisher } = await setUp();
    const refs = mr.diffRefs;
    const comments = [
      findingAt("a.ts", 3, 1, { suggestion: "line 3 fixed\n" }), // added
      findingAt("a.ts", 7, 2, { side: "LEFT" }), // removed (old line 7)
      findingAt("a.ts", 5, 3), // context (old 5, new 5)
      findingAt("b.ts", 20, 4, { startLine: 18, suggestion: "x\ny\nz\n" }), // range ending on an added line
    ];
    const result = await publisher().publish(reviewOf(headSha, comments), stateFor(headSha, comments), change);

    expect(result).toMatchObject({ inline: 4, movedToSummary: 0, verdict: "comment", writeCalls: 5 });
    expect(fixture!.gitlab.writes()).toHaveLength(5);
    expect(fixture!.gitlab.requestsTo(DISCUSSIONS)).toHaveLength(4);
    const notes = mr.diffNotes;
    const byPath = (path: string, line: number) => notes.find((n) => (n.position?.new_path === path && n.position?.new_line === line) || (n.position?.old_path === path && n.position?.new_line === null && n.position?.old_line === line));
    for (const note of notes) expect(note.position).toMatchObject({ base_sha: refs.base_sha, start_sha: refs.start_sha, head_sha: refs.head_sha });
    expect(byPath("a.ts", 3)!.position).toMatchObject({ new_line: 3, old_line: null });
    expect(byPath("a.ts", 7)!.position).toMatchObject({ old_line: 7, new_line: null });
    expect(byPath("a.ts", 5)!.position).toMatchObject({ old_line: 5, new_line: 5 });
    const range = byPath("b.ts", 20)!;
    expect(range.position!.line_range).toMatchObject({
      start: { line_code: lineCode("b.ts", 18, 18), old_line: 18, new_line: 18 },
      end: { line_code: lineCode("b.ts", 21, 20), new_line: 20 },
    });
    expect(byPath("a.ts", 3)!.body).toContain("```suggestion:-0+0\nline 3 fixed\n```");
    expect(range.body).toContain("```suggestion:-2+0\nx\ny\nz\n```");
    expect(range.body.startsWith(findingMarker(comments[3]!.fingerprint))).toBe(true);

    const summaries = mr.notes.filter((n) => n.type === null);
    expect(summaries).toHaveLength(1);
    expect(readSummaryMarker(summaries[0]!.body)).toEqual(stateFor(headSha, comments));
    expect(result.summaryUrl).toMatch(new RegExp(`#note_${summaries[0]!.id}$`));
  });

  it("moves a finding whose position GitLab refuses (400) into the summary and posts the rest", async () => {
    const { mr, headSha, change, publisher } = await setUp();
    const comments = [findingAt("a.ts", 3, 1), findingAt("a.ts", 5, 2), findingAt("b.ts", 20, 3)];
    fixture!.gitlab.inject(DISCUSSIONS, fault.badPosition());
    const result = await publisher().publish(reviewOf(headSha, comments), stateFor(headSha, comments), change);

    expect(result).toMatchObject({ inline: 2, movedToSummary: 1, writeCalls: 4 });
    expect(mr.diffNotes).toHaveLength(2);
    const summary = mr.notes.find((n) => n.type === null)!.body;
    expect(summary).toContain("### Could not be posted inline (1)");
    expect(summary).toContain("line_code");
    // Every finding is somewhere: inline or in the summary.
    for (const c of comments) {
      const inline = mr.diffNotes.some((n) => n.body.includes(c.title!));
      expect(inline || summary.includes(c.title!), c.title).toBe(true);
    }
  });

  it("waits out a 429 for what Retry-After says, then posts: no finding lost, no write counted twice", async () => {
    const { mr, headSha, change, publisher } = await setUp();
    const comments = [findingAt("a.ts", 3, 1), findingAt("b.ts", 20, 2)];
    fixture!.gitlab.inject(DISCUSSIONS, fault.rateLimited({ retryAfter: 7 }));
    const result = await publisher().publish(reviewOf(headSha, comments), stateFor(headSha, comments), change);
    expect(fixture!.waits).toEqual([7000]);
    expect(mr.diffNotes).toHaveLength(2);
    expect(result).toMatchObject({ inline: 2, movedToSummary: 0, writeCalls: 3 });
  });

  it("creates the summary once and edits it in place; previous() reads the state and the findings back", async () => {
    const { mr, headSha, change, publisher, bot } = await setUp();
    const first = [findingAt("a.ts", 3, 1)];
    await publisher().publish(reviewOf(headSha, first, "comment", "## First\n"), stateFor(headSha, first), change);

    const rerun = publisher();
    const previous = await rerun.previous();
    expect(previous.state).toEqual(stateFor(headSha, first));
    expect([...previous.fingerprints]).toEqual([first[0]!.fingerprint]);
    expect(previous.findings).toEqual([
      { fingerprint: first[0]!.fingerprint, path: "a.ts", line: 3, severity: "minor", title: "Finding 1", url: expect.stringMatching(/#note_\d+$/) },
    ]);
    const second = [findingAt("b.ts", 20, 2)];
    const result = await rerun.publish(reviewOf(headSha, second, "comment", "## Second\n"), stateFor(headSha, second, [first[0]!.fingerprint]), change);

    const summaries = mr.notes.filter((n) => n.type === null);
    expect(summaries).toHaveLength(1);
    expect(summaries[0]!.author.username).toBe(bot);
    expect(summaries[0]!.body).toContain("## Second");
    expect(readSummaryMarker(summaries[0]!.body)!.fingerprints).toHaveLength(2);
    expect(result.writeCalls).toBe(2);
    expect(fixture!.gitlab.requestsTo("PUT /projects/:id/merge_requests/:merge_request_iid/notes/:note_id")).toHaveLength(1);
  });

  it("ignores markers in notes someone else wrote", async () => {
    const { mr, headSha, publisher } = await setUp();
    mr.addNote("alice", summaryMarker({ head: headSha, base: null, fingerprints: ["00000000000000aa"] }));
    mr.addNote("alice", `${findingMarker("00000000000000bb")}\n**major** Fake`);
    const previous = await publisher().previous();
    expect(previous).toEqual({ state: null, fingerprints: new Set(), findings: [] });
  });

  it("with only CI_JOB_TOKEN, fails with what to set instead", async () => {
    const { headSha, change, address } = await setUp();
    const api = fixture!.api({ jobToken: fixture!.gitlab.jobToken(PROJECT) });
    const publisher = new GitLabPublisher({ ...address, api, botUsername: "ai-review" });
    const comments = [findingAt("a.ts", 3, 1)];
    const failure = publisher.publish(reviewOf(headSha, comments), stateFor(headSha, comments), change);
    await expect(failure).rejects.toThrow(UserError);
    await expect(failure).rejects.toThrow(/project access token with the `api` scope.*masked, non-protected CI\/CD variable named AI_REVIEW_GITLAB_TOKEN/);
    fixture!.gitlab.takeViolations();
  });

  it("approves on an approve verdict and takes the approval back when a later verdict is not approve: N + 2 write calls", async () => {
    const { mr, headSha, change, publisher, bot } = await setUp();
    const approved = await publisher().publish(reviewOf(headSha, [], "approve"), stateFor(headSha, []), change);
    expect(approved).toMatchObject({ verdict: "approve", writeCalls: 2 });
    expect([...mr.approvals]).toEqual([bot]);

    const comments = [findingAt("a.ts", 3, 1, { severity: "major" })];
    const changes = await publisher().publish(reviewOf(headSha, comments, "request_changes"), stateFor(headSha, comments), change);
    expect(changes).toMatchObject({ verdict: "request_changes", writeCalls: 3 });
    expect([...mr.approvals]).toEqual([]);
  });

  it("says in the summary when GitLab does not let the bot approve, and counts the verdict as a comment", async () => {
    const { mr, headSha, change, publisher } = await setUp();
    fixture!.gitlab.inject("POST /projects/:id/merge_requests/:merge_request_iid/approve", fault.status(401, { message: "401 Unauthorized" }));
    const result = await publisher().publish(reviewOf(headSha, [], "approve"), stateFor(headSha, []), change);
    expect(result).toMatchObject({ verdict: "comment", writeCalls: 2 });
    expect(mr.approvals.size).toBe(0);
    expect(mr.notes.find((n) => n.type === null)!.body).toContain("GitLab did not accept an approval from this bot (401 401 Unauthorized)");
  });
});
