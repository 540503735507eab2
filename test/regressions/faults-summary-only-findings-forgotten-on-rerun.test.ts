/**
 * A finding the forge refused inline (GitHub 422, GitLab 400) went into the summary, and so
 * did findings outside the diff; the next run edited the summary in place and listed only
 * the inline comments it read back as "still open": the others vanished from the change.
 * The summary's own findings are now kept in its state marker (`carried`) and listed again
 * while they stand.
 */
import { afterEach, expect, it } from "vitest";
import { readSummaryMarker } from "../../src/core/review-marker.js";
import { FINDING_TITLE, startWorld, type EntryWorld } from "../support/entry-worlds.js";
import { fault as githubFault } from "../support/github-server/index.js";
import { fault as gitlabFault } from "../support/gitlab-server/index.js";

let world: EntryWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

it.each([
  ["action", (w: EntryWorld) => w.github!.inject("POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews", githubFault.reviewLineNotInDiff())],
  ["gitlab-ci", (w: EntryWorld) => w.gitlab!.inject("POST /projects/:id/merge_requests/:merge_request_iid/discussions", gitlabFault.badPosition())],
] as const)("%s: a finding refused inline is still listed after the next run rewrites the summary", async (entry, refuse) => {
  world = await startWorld(entry);
  refuse(world);
  expect((await world.run()).code).toBe(0);
  const first = world.posted().summaries[0]!;
  expect(first).toContain("Could not be posted inline");
  expect(readSummaryMarker(first)!.carried?.map((c) => c.t)).toEqual([FINDING_TITLE]);

  expect((await world.run()).code).toBe(0);
  const second = world.posted().summaries[0]!;
  expect(second).toMatch(/Still open from earlier reviews \(1\)[\s\S]*Unchecked input/);
  expect(world.posted().inline).toEqual([]);
});

it("findings outside the diff are listed again too", async () => {
  world = await startWorld("gitlab-ci");
  world.answer = "invented";
  await world.run();
  world.answer = "expected";
  await world.run();
  const summary = world.posted().summaries[0]!;
  expect(summary).toContain("Ghost file");
  expect(summary).toContain("Ghost line");
});
