/**
 * Octokit writes a debug line for each request with the request's options: for a review or
 * a comment that is its whole body (the code quoted in findings, a suggestion). The Action
 * printed those as `::debug::` lines and `ai-review serve` into its log. Only the method and
 * the URL of a request may be logged.
 */
import { afterEach, expect, it } from "vitest";
import { startWorld, type EntryWorld } from "../support/entry-worlds.js";

let world: EntryWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

it.each(["action", "serve-github"] as const)("%s: request debug lines hold the method and URL, no body", async (entry) => {
  world = await startWorld(entry);
  const run = await world.run();
  expect(world.posted().inline).toHaveLength(1);
  const requestLines = run.log.split("\n").filter((line) => /request \{/.test(line));
  expect(requestLines.length).toBeGreaterThan(0);
  expect(requestLines.filter((line) => /Validate it first|"body"|ai-review:summary|authorization/i.test(line))).toEqual([]);
});
