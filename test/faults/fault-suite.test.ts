/**
 * The fault table: every fault on every outside edge, through the real entries (CLI,
 * Action, GitLab CI job, `serve` for GitHub and GitLab). Each ends in a complete review or a
 * partial one that says what is missing, and nothing is lost or posted twice; a run without
 * the fault afterwards completes the review. `npm run bench -- faults` prints the same table.
 */
import { expect, it } from "vitest";
import { FAULT_SCENARIOS } from "./fault-scenarios.js";
import { faultRows, faultTable, runFaultSuite } from "./run-faults.js";

it("survives every fault: nothing lost, nothing posted twice, never a silent or green failure", { timeout: 600_000 }, async () => {
  const only = process.env.AI_REVIEW_FAULTS;
  const scenarios = only ? FAULT_SCENARIOS.filter((s) => s.fault.includes(only)) : FAULT_SCENARIOS;
  const results = await runFaultSuite(scenarios);
  const rows = faultRows(results);
  console.log(`\n${faultTable(rows)}\n`);
  const byScenario = new Map(scenarios.map((s) => [s.fault, s]));
  const wrong = results
    .filter((r) => r.outcome === "broken" || !r.recovered || r.lost > 0 || r.duplicates > 0 || (byScenario.get(r.fault)!.outcome !== "either" && byScenario.get(r.fault)!.outcome !== r.outcome))
    .map((r) => `${r.fault} on ${r.entry}: ${r.outcome}${r.recovered ? "" : " (not recovered)"}, lost ${r.lost}, duplicates ${r.duplicates}: ${r.why}`);
  expect(wrong).toEqual([]);
  expect(rows.reduce((sum, r) => sum + r.lost, 0)).toBe(0);
  expect(rows.reduce((sum, r) => sum + r.duplicates, 0)).toBe(0);
});
