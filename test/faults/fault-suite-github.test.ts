/**
 * The fault table, GitHub part: 5xx, 429, limits, refusals, a write stored whose answer was
 * lost, GitHub down, a token that expires mid-review, through the GitHub entries. See
 * fault-suite.test.ts.
 */
import { expect, it } from "vitest";
import { FAULT_SCENARIOS } from "./fault-scenarios.js";
import { checkFaults } from "./check-faults.js";

it("survives every GitHub fault: nothing lost, nothing posted twice, never a silent or green failure", { timeout: 600_000 }, async () => {
  const { table, wrong, lost, duplicates } = await checkFaults(FAULT_SCENARIOS.filter((s) => s.fault.startsWith("GitHub:")));
  console.log(`\n${table}\n`);
  expect(wrong).toEqual([]);
  expect(lost).toBe(0);
  expect(duplicates).toBe(0);
});
