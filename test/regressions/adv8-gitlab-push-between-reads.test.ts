/**
 * Adversary: a push lands between the read of the merge request (its diff_refs, head A)
 * and the listing of its files. `/diffs` has no revision parameter and lists the newest
 * diff (head B), so the review paired A's SHAs with B's lines: its marker said A was
 * reviewed while the model read B, and comments were placed with A's refs on B's line
 * numbers. Fixed: the merge request is read again after the listing; when it moved, the
 * review stops with one line (the push gets its own review) instead of mixing the two.
 */
import { afterEach, describe, expect, it } from "vitest";
import { GitLabChangeSource } from "../../src/forges/gitlab/gitlab-change-source.js";
import { UnavailableError } from "../../src/core/unavailable-error.js";
import { applyFiles, openMergeRequest, PROJECT, startFixture, type Fixture } from "../forges/gitlab/gitlab-fixture.js";

let fixture: Fixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

describe("adversary: a push between reading the merge request and listing its diff", () => {
  it("does not pair one head's SHAs with another head's lines", async () => {
    fixture = await startFixture();
    const { mr, headSha } = openMergeRequest(fixture, { "src/a.ts": "export const a = 1;\n" }, { "src/a.ts": "export const a = 2;\n" });
    const { token } = fixture.gitlab.projectAccessToken(PROJECT, { name: "ai-review" });
    const api = fixture.api({ token });
    const source = new GitLabChangeSource({ api, projectId: PROJECT, mergeRequestIid: mr.iid });
    expect((await source.mergeRequest()).diffRefs.headSha).toBe(headSha);

    // The push lands while the review is between its two reads.
    const allDiffs = api.MergeRequests.allDiffs.bind(api.MergeRequests);
    let pushed = false;
    api.MergeRequests.allDiffs = ((...args: Parameters<typeof allDiffs>) => {
      if (!pushed) {
        pushed = true;
        mr.push(applyFiles(fixture!.git, { "src/b.ts": "export const b = eval(input);\n" }, "b"));
      }
      return allDiffs(...args);
    }) as typeof allDiffs;

    const read = await source.readChange().catch((e: unknown) => e);

    expect(read).toBeInstanceOf(UnavailableError);
    expect((read as Error).message).toMatch(new RegExp(`moved from ${headSha.slice(0, 12)} to [0-9a-f]{12} while its diff was read`));
  });
});
