/**
 * GitLab refuses a diff note with 400 "line_code can't be blank" unless `old_line` and
 * `new_line` name the line exactly as GitLab numbers it: `new_line` alone for an added line,
 * `old_line` alone for a removed one, both for an unchanged one. Reviewers that send one
 * number for every line lose their comments on context and removed lines. Here a comment on
 * every line of a diff, on both sides, and ranges, all reach GitLab inline.
 */
import { afterEach, describe, expect, it } from "vitest";
import { parseDiffText } from "../../src/core/parse-diff-text.js";
import type { ReviewComment } from "../../src/core/review-result.js";
import { GitLabChangeSource } from "../../src/forges/gitlab/gitlab-change-source.js";
import { GitLabPublisher } from "../../src/forges/gitlab/gitlab-publisher.js";
import { findingAt, openMergeRequest, PROJECT, reviewOf, startFixture, type Fixture } from "../forges/gitlab/gitlab-fixture.js";

let fixture: Fixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

describe("regression: GitLab positions refused with line_code can't be blank", () => {
  it("posts a comment on every added, removed and context line, and on a range, with no 400", async () => {
    fixture = await startFixture();
    const before = Array.from({ length: 30 }, (_, i) => `l${i + 1}\n`).join("");
    const after = before.replace("l3\n", "L3\nextra\n").replace("l20\n", "").replace("l27\n", "l27!\n");
    const { mr, headSha } = openMergeRequest(fixture, { "src/x.ts": before }, { "src/x.ts": after });
    const api = fixture.api({ token: fixture.gitlab.projectAccessToken(PROJECT).token });
    const address = { api, projectId: PROJECT, mergeRequestIid: mr.iid };
    const change = await new GitLabChangeSource(address).readChange();

    const comments: ReviewComment[] = [];
    for (const hunk of parseDiffText(change.diffText)[0]!.hunks) {
      for (const line of hunk.lines) {
        const n = comments.length;
        if (line.newLine !== null) comments.push(findingAt("src/x.ts", line.newLine, n));
        else comments.push(findingAt("src/x.ts", line.oldLine!, n, { side: "LEFT" }));
      }
      // A range over the whole hunk, on the new side.
      const right = hunk.lines.flatMap((l) => (l.newLine === null ? [] : [l.newLine]));
      comments.push(findingAt("src/x.ts", right.at(-1)!, comments.length, { startLine: right[0]! }));
    }
    const result = await new GitLabPublisher(address).publish(
      reviewOf(headSha, comments),
      { head: headSha, base: null, fingerprints: comments.map((c) => c.fingerprint) },
      change,
    );
    expect(result.movedToSummary).toBe(0);
    expect(mr.diffNotes).toHaveLength(comments.length);
    expect(fixture.gitlab.requests.filter((r) => r.status === 400)).toEqual([]);
  });
});
