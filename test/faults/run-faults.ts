/**
 * Runs each fault scenario on each entry it applies to, then once more without the fault,
 * and sorts what happened: a complete review, a partial one that says what is missing, or
 * a broken run (a crash, a silent empty review, an exit 0 for a review that did not happen).
 * Findings the model gave that are neither posted nor in the log are lost; an inline
 * comment (by fingerprint) or a summary comment there twice is a duplicate.
 *
 * Shared by the suite (which asserts) and `npm run bench -- faults` (which prints).
 */
import { FINDING_TITLE, inlineFingerprints, startWorld, type EntryRun, type EntryWorld, type Posted } from "../support/entry-worlds.js";
import { FAULT_SCENARIOS, type FaultScenario } from "./fault-scenarios.js";

export type RunOutcome = "complete" | "partial" | "broken";

export interface EntryResult {
  fault: string;
  entry: string;
  outcome: RunOutcome;
  /** Why a run is partial or broken, for the failure message. */
  why: string;
  lost: number;
  duplicates: number;
  /** The run after the fault (none injected) completed, with every finding in place. */
  recovered: boolean;
}

export interface FaultRow {
  fault: string;
  runs: number;
  completed: number;
  partial: number;
  broken: number;
  lost: number;
  duplicates: number;
}

/** Titles of what the model reported in the world's shape: each must reach people. */
function reportedTitles(world: EntryWorld): string[] {
  return world.answer === "invented" ? [FINDING_TITLE, "Ghost file", "Ghost line"] : [FINDING_TITLE];
}

function visibleText(posted: Posted, run: EntryRun): string {
  return [...posted.inline.map((c) => c.body), ...posted.summaries, ...posted.other, run.log].join("\n");
}

/** A run that failed says so: a non-zero exit, an error in the server's log, or a summary that names what failed. */
function saysWhatFailed(world: EntryWorld, run: EntryRun): string | null {
  if (run.code !== null && run.code !== 0) {
    const line = run.log.split("\n").find((l) => /ai-review: |::error/.test(l) && /fail|incomplete|refused|could not|denied|answered|GitHub|GitLab/i.test(l));
    return line ? line.trim() : null;
  }
  if (run.code === null) {
    const error = run.log.split("\n").find((l) => /"msg":"review failed"/.test(l));
    if (error) return (/"msg":"([^"]*)"/.exec(error)?.[1] ?? "error logged") + ` ${/"message":"([^"]{0,160})/.exec(error)?.[1] ?? ""}`;
    const summary = world.posted().summaries.at(-1) ?? "";
    if (/failed|not reviewed|incomplete/i.test(summary)) return "the summary says a part failed";
  }
  return null;
}

export async function runScenarioOn(scenario: FaultScenario, world: EntryWorld): Promise<EntryResult> {
  const result: EntryResult = { fault: scenario.fault, entry: world.entry, outcome: "broken", why: "", lost: 0, duplicates: 0, recovered: false };
  let run: EntryRun;
  const answersBefore = world.answers;
  scenario.arrange(world);
  try {
    run = await world.run();
  } catch (error) {
    result.why = `crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
    run = { code: null, log: "" };
  }
  const titles = reportedTitles(world);
  const modelAnswered = world.answers > answersBefore;
  if (!result.why) {
    const text = visibleText(world.posted(), run);
    const shown = titles.filter((title) => text.includes(title));
    const failure = saysWhatFailed(world, run);
    const summaryThere = world.forge === "local" ? run.log.includes("AI review") : world.posted().summaries.length > 0;
    if (!failure && shown.length === titles.length && summaryThere && (run.code === 0 || run.code === null)) {
      result.outcome = "complete";
    } else if (failure) {
      result.outcome = "partial";
      result.why = failure;
    } else {
      result.why = `exit ${run.code} with ${shown.length}/${titles.length} findings shown and no word of a failure:\n${run.log.slice(-1500)}`;
    }
    // Found by the model in this run, then neither posted nor printed: lost.
    if (modelAnswered) result.lost += titles.length - shown.length;
  }
  scenario.clear?.(world);
  // The run after the fault completes and still shows every finding: what failed is reviewed
  // again, and what only the summary showed is listed again when the summary is rewritten.
  try {
    const rerun = await world.run();
    const text = visibleText(world.posted(), rerun);
    const missing = titles.filter((title) => !text.includes(title)).length;
    result.recovered = missing === 0 && (rerun.code === 0 || rerun.code === null) && saysWhatFailed(world, rerun) === null;
    result.lost = Math.max(result.lost, missing);
    if (!result.recovered && !result.why) result.why = `the run after the fault did not complete: exit ${rerun.code}\n${rerun.log.slice(-1500)}`;
  } catch (error) {
    result.why ||= `the run after the fault crashed: ${String(error)}`;
  }
  const posted = world.posted();
  const fingerprints = inlineFingerprints(posted);
  result.duplicates = fingerprints.length - new Set(fingerprints).size + Math.max(0, posted.summaries.length - 1);
  return result;
}

/** Every scenario on every entry it names, each in a fresh world. */
export async function runFaultSuite(scenarios: readonly FaultScenario[] = FAULT_SCENARIOS): Promise<EntryResult[]> {
  const results: EntryResult[] = [];
  for (const scenario of scenarios) {
    for (const entry of scenario.entries) {
      const world = await startWorld(entry);
      try {
        results.push(await runScenarioOn(scenario, world));
      } finally {
        await world.close().catch((error: unknown) => {
          // A queued fault that never fired is a scenario that tested nothing.
          results.at(-1)!.outcome = "broken";
          results.at(-1)!.why += `\nclosing the world: ${String(error)}`;
        });
      }
    }
  }
  return results;
}

export function faultRows(results: readonly EntryResult[]): FaultRow[] {
  const rows = new Map<string, FaultRow>();
  for (const r of results) {
    const row = rows.get(r.fault) ?? { fault: r.fault, runs: 0, completed: 0, partial: 0, broken: 0, lost: 0, duplicates: 0 };
    row.runs++;
    if (r.outcome === "complete") row.completed++;
    else if (r.outcome === "partial") row.partial++;
    else row.broken++;
    row.lost += r.lost;
    row.duplicates += r.duplicates;
    rows.set(r.fault, row);
  }
  return [...rows.values()];
}

export function faultTable(rows: readonly FaultRow[]): string {
  const head = ["fault", "runs", "completed", "partial", "broken", "findings lost", "duplicates posted"];
  const body = rows.map((r) => [r.fault, r.runs, r.completed, r.partial, r.broken, r.lost, r.duplicates].map(String));
  const total = ["total", ...[1, 2, 3, 4, 5, 6].map((i) => String(body.reduce((sum, row) => sum + Number(row[i]), 0)))];
  const all = [head, ...body, total];
  const widths = head.map((_, i) => Math.max(...all.map((row) => row[i]!.length)));
  const line = (row: string[]) => `| ${row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join(" | ")} |`;
  return [line(head), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...body.map(line), line(total)].join("\n");
}
