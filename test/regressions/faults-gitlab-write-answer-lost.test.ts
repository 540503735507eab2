/**
 * GitLab stored a discussion (or the summary note) but a proxy answered 502: the publisher
 * gave up and the job failed, though the finding was on the merge request. A write whose
 * outcome is unknown is now looked for by the bot's marker on its first line, and sent
 * again only when it is not there: the review completes, each note once.
 */
import { afterEach, expect, it } from "vitest";
import { inlineFingerprints, startWorld, type EntryWorld } from "../support/entry-worlds.js";
import { fault } from "../support/gitlab-server/index.js";

let world: EntryWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const MR = "/projects/:id/merge_requests/:merge_request_iid";

it.each([`POST ${MR}/discussions`, `POST ${MR}/notes`])("answer lost on %s: the review completes, nothing posted twice", async (route) => {
  world = await startWorld("gitlab-ci");
  world.gitlab!.inject(route, fault.answerLost(502));
  const run = await world.run();
  expect(run.code).toBe(0);
  const posted = world.posted();
  expect(inlineFingerprints(posted)).toHaveLength(1);
  expect(posted.summaries).toHaveLength(1);
  expect(world.gitlab!.requests.filter((r) => r.method === "POST" && r.route === route)).toHaveLength(1);
});
