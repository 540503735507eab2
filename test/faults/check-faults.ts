/** Runs fault scenarios and says what went wrong, for the suite's files and the bench. */
import type { FaultScenario } from "./fault-scenarios.js";
import { faultRows, faultTable, runFaultSuite } from "./run-faults.js";

export async function checkFaults(scenarios: readonly FaultScenario[]) {
  // AI_REVIEW_FAULTS=text runs only the scenarios whose name holds it (while working on one).
  const only = process.env.AI_REVIEW_FAULTS;
  const chosen = only ? scenarios.filter((s) => s.fault.includes(only)) : scenarios;
  const results = await runFaultSuite(chosen);
  const rows = faultRows(results);
  const expected = new Map(chosen.map((s) => [s.fault, s.outcome]));
  const wrong = results
    .filter((r) => r.outcome === "broken" || !r.recovered || r.lost > 0 || r.duplicates > 0 || (expected.get(r.fault) !== "either" && expected.get(r.fault) !== r.outcome))
    .map((r) => `${r.fault} on ${r.entry}: ${r.outcome}${r.recovered ? "" : " (not recovered)"}, lost ${r.lost}, duplicates ${r.duplicates}: ${r.why}`);
  return {
    table: faultTable(rows),
    wrong,
    lost: rows.reduce((sum, r) => sum + r.lost, 0),
    duplicates: rows.reduce((sum, r) => sum + r.duplicates, 0),
  };
}
