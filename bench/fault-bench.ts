/**
 * `npm run bench -- faults`: the fault table of `test/faults` (every fault on the model and
 * the forges, through every entry), printed whole. The suite asserts it; this prints it.
 */
import { FAULT_SCENARIOS } from "../test/faults/fault-scenarios.js";
import { faultRows, faultTable, runFaultSuite } from "../test/faults/run-faults.js";

export async function benchFaults(): Promise<void> {
  console.log("\n== faults: every fault on the model and the forges, through every entry ==");
  const started = performance.now();
  const rows = faultRows(await runFaultSuite(FAULT_SCENARIOS));
  console.log(faultTable(rows));
  console.log(`${rows.reduce((sum, r) => sum + r.runs, 0)} runs in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
