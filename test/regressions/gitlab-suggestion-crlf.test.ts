/**
 * gitbeaker sends a discussion with a `position` as multipart form data, and that encoding
 * turns every line feed of the body into CR LF: the suggestion block's lines reached GitLab
 * ending in "\r", which applying the suggestion would write into the file. Discussions are
 * now sent as JSON, so the body GitLab stores is the body written.
 */
import { afterEach, describe, expect, it } from "vitest";
import { GitLabChangeSource } from "../../src/forges/gitlab/gitlab-change-source.js";
import { GitLabPublisher } from "../../src/forges/gitlab/gitlab-publisher.js";
import { discussionBody } from "../../src/forges/gitlab/discussion-body.js";
import { findingAt, openMergeRequest, PROJECT, reviewOf, startFixture, type Fixture } from "../forges/gitlab/gitlab-fixture.js";

let fixture: Fixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

describe("regression: GitLab suggestions posted with CR LF line ends", () => {
  it("stores the discussion body exactly as written", async () => {
    fixture = await startFixture();
    const { mr, headSha } = openMergeRequest(fixture, { "a.ts": "one\ntwo\nthree\n" }, { "a.ts": "one\n2\n3\n" });
    const api = fixture.api({ token: fixture.gitlab.projectAccessToken(PROJECT).token });
    const address = { api, projectId: PROJECT, mergeRequestIid: mr.iid };
    const change = await new GitLabChangeSource(address).readChange();
    const comment = findingAt("a.ts", 3, 1, { startLine: 2, suggestion: "two\nthree\n" });
    await new GitLabPublisher(address).publish(reviewOf(headSha, [comment]), { head: headSha, base: null, fingerprints: [comment.fingerprint] }, change);
    expect(mr.diffNotes[0]!.body).toBe(discussionBody(comment));
    expect(mr.diffNotes[0]!.body).toContain("```suggestion:-1+0\ntwo\nthree\n```");
  });
});
