/**
 * The fault table, model part: every model fault through the real entries (CLI, Action,
 * GitLab CI job, `serve` for GitHub and GitLab). Each run ends in a complete review or a
 * partial one that says what is missing; nothing is lost or posted twice; the run after
 * the fault completes the review. The forges' faults are in the sibling files (split so that
 * they run in parallel); `npm run bench -- faults` prints the whole table.
 */
import { expect, it } from "vitest";
import { FAULT_SCENARIOS } from "./fault-scenarios.js";
import { checkFaults } from "./check-faults.js";

it("survives every model fault: nothing lost, nothing posted twice, never a silent or green failure", { timeout: 600_000 }, async () => {
  const { table, wrong, lost, duplicates } = await checkFaults(FAULT_SCENARIOS.filter((s) => s.fault.startsWith("model:")));
  console.log(`\n${table}\n`);
  expect(wrong).toEqual([]);
  expect(lost).toBe(0);
  expect(duplicates).toBe(0);
});
