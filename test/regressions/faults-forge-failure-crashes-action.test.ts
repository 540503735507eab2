/**
 * With GitHub down (5xx after plugin-retry's retries) or refusing a review with a 400, the
 * Action threw: Node printed a stack trace and the findings the model had made were gone.
 * A forge failure must end the step with one `::error::` line that says the review is
 * incomplete, and a review that was made but could not be posted must print its findings
 * in the step's log (between stop-commands markers, so model text runs no workflow command).
 */
import { afterEach, expect, it } from "vitest";
import { startWorld, FINDING_TITLE, type EntryWorld } from "../support/entry-worlds.js";
import { fault } from "../support/github-server/index.js";

let world: EntryWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

it("GitHub down: one error line, a failed step, no stack trace", async () => {
  world = await startWorld("action");
  world.github!.failFrom(0, fault.serverError(502));
  const run = await world.run();
  world.github!.failFrom(0, null);
  expect(run.code).toBe(1);
  const errors = run.log.split("\n").filter((line) => line.startsWith("::error"));
  expect(errors).toHaveLength(1);
  expect(errors[0]).toMatch(/the review is incomplete: GitHub answered 502 while reading/);
  expect(run.log).not.toMatch(/\n\s+at /);
});

it("a review GitHub refuses (400): its findings are in the log, as text that runs no workflow command", async () => {
  world = await startWorld("action");
  world.github!.inject("POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews", fault.status(400, { message: "Problems parsing JSON" }));
  const run = await world.run();
  expect(run.code).toBe(1);
  expect(run.log).toMatch(/The review could not be posted; its findings:\n::stop-commands::(ai-review-[0-9a-f-]+)\n[\s\S]*Unchecked input[\s\S]*\n::\1::\n/);
  expect(world.posted().inline).toEqual([]);
  expect(run.log).toContain(FINDING_TITLE);
});
