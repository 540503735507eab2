/**
 * The fault table: every fault on every outside edge (the model; GitHub and GitLab), through
 * the real entries (CLI, Action, GitLab CI job, `serve` for GitHub and GitLab). Each run ends
 * in a complete review or a partial one that says what is missing; nothing is lost or posted
 * twice; the run after the fault completes the review. The three edges run concurrently
 * (each world has its own servers); `npm run bench -- faults` prints the whole table.
 */
import { describe, it } from "vitest";
import { FAULT_SCENARIOS } from "./fault-scenarios.js";
import { checkFaults } from "./check-faults.js";

describe.concurrent("the fault table", () => {
  it.for(["model", "GitHub", "GitLab"])("survives every %s fault: nothing lost, nothing posted twice, never a silent or green failure", { timeout: 900_000 }, async (edge, { expect }) => {
    const { table, wrong, lost, duplicates } = await checkFaults(FAULT_SCENARIOS.filter((s) => s.fault.startsWith(`${edge}:`)));
    console.log(`\n${table}\n`);
    expect(wrong).toEqual([]);
    expect(lost).toBe(0);
    expect(duplicates).toBe(0);
  });
});
