/**
 * A review whose model part failed (the model down) still wrote the head it was made on
 * into its summary marker, so the next run, incremental, found "nothing changed since" and
 * never reviewed the part that had failed: its findings were lost for good. A partial
 * review must keep the head of the last complete review (the base when there was none), so
 * that the rerun reviews again what failed, without posting twice what was posted.
 */
import { afterEach, expect, it } from "vitest";
import { readSummaryMarker } from "../../src/core/review-marker.js";
import { startWorld, type EntryWorld } from "../support/entry-worlds.js";
import { reply } from "../support/model-server.js";

let world: EntryWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const down = () => Array.from({ length: 3 }, () => reply.status(500, { body: { error: { message: "down" } } }));

it.each(["action", "gitlab-ci"] as const)("%s: the run after a partial review reviews the failed part and posts its finding once", async (entry) => {
  world = await startWorld(entry);
  world.model.enqueue(...down());
  const partial = await world.run();
  expect(partial.code).not.toBe(0);
  const marker = readSummaryMarker(world.posted().summaries[0]!);
  expect(marker).not.toBeNull();
  expect(world.posted().inline).toEqual([]);

  const rerun = await world.run();
  expect(rerun.code).toBe(0);
  expect(world.posted().inline.map((c) => [c.path, c.line])).toEqual([[world.expected.path, world.expected.line]]);
  expect(world.posted().summaries).toHaveLength(1);
  expect(readSummaryMarker(world.posted().summaries[0]!)!.head).not.toBe(marker!.head);

  // And once complete, the next run has nothing left to review and posts nothing again.
  await world.run();
  expect(world.posted().inline).toHaveLength(1);
});
