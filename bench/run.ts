/**
 * `npm run bench`: prints figures, asserts nothing. Each measurement runs in its own
 * process so that peak memory belongs to one workload. `npm run bench -- secrets` (or
 * `core`, `review`, `github`, `gitlab`, `faults`, `queue`) runs one part.
 */
import { spawnSync } from "node:child_process";
import { statSync } from "node:fs";
import path from "node:path";
import { largeDiffPath } from "./fetch-large-diff.js";
import { benchReview } from "./review-bench.js";
import { benchGitHub } from "./github-bench.js";
import { benchGitLab } from "./gitlab-bench.js";
import { benchSecrets } from "./secret-bench.js";
import { benchFaults } from "./fault-bench.js";
import { benchQueue } from "./queue-bench.js";

const here = import.meta.dirname;
const tsx = path.resolve(here, "..", "node_modules", ".bin", "tsx");

interface Measured {
  mode: string;
  times: number[];
  rssBefore: number;
  maxRss: number;
  result: unknown;
}

function measure(mode: string, file: string): Measured {
  const run = spawnSync(tsx, [path.join(here, "measure-core.ts"), mode, file], { encoding: "utf8", maxBuffer: 1 << 26 });
  if (run.status !== 0) throw new Error(`bench ${mode} failed: ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split("\n").pop()!) as Measured;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
const s = (ms: number) => `${(ms / 1000).toFixed(3)} s`;

function benchCore(): void {
  const file = largeDiffPath();
  const size = statSync(file).size;
  console.log(`\n== core on a large real diff: ${path.basename(file)}, ${mb(size)} ==`);

  const gitTimes: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const git = spawnSync("git", ["apply", "--numstat", file], { maxBuffer: 1 << 28 });
    gitTimes.push(performance.now() - t0);
    if (git.status !== 0) throw new Error(`git apply --numstat failed: ${git.stderr}`);
  }
  // Alternated pairs of fresh processes, each timing five runs: on a shared machine the
  // other load only ever adds time, so the best run of each is the figure least disturbed.
  const pairs = [0, 1, 2].map(() => ({ parse: measure("parse-diff", file), core: measure("core", file) }));
  const best = (m: Measured) => Math.min(...m.times);
  const parse = pairs.map((p) => p.parse).reduce((a, b) => (best(a) <= best(b) ? a : b));
  const core = pairs.map((p) => p.core).reduce((a, b) => (best(a) <= best(b) ? a : b));
  const pairRatios = pairs.map((p) => (best(p.core) / best(p.parse)).toFixed(2));
  const rows = [
    ["git apply --numstat", s(median(gitTimes)), "-"],
    ["parse-diff alone", s(best(parse)), mb(parse.maxRss - parse.rssBefore)],
    ["core (split, select, parse, redact, plan)", s(best(core)), mb(core.maxRss - core.rssBefore)],
  ];
  for (const [name, time, mem] of rows) console.log(`${name!.padEnd(44)} ${time!.padStart(9)}   peak memory added ${mem}`);
  console.log(`core result: ${JSON.stringify(core.result)}`);
  console.log(`core time / parse-diff time: ${(best(core) / best(parse)).toFixed(2)} (target <= 1.5; best of 15 runs each; per pair of processes: ${pairRatios.join(", ")})`);
  console.log(`core peak memory / diff size: ${((core.maxRss - core.rssBefore) / size).toFixed(2)} (target < 10)`);
  // The fixed part: Node, the TypeScript loader, the tokenizer's tables and the diff text itself.
  console.log(`process before the work: ${mb(core.rssBefore)}; whole process peak ${mb(core.maxRss)}`);
}

const PARTS = ["core", "secrets", "review", "github", "gitlab", "faults", "queue"];
const asked = process.argv.slice(2);
const unknown = asked.filter((part) => !PARTS.includes(part));
if (unknown.length) throw new Error(`unknown bench part ${unknown.join(", ")}: choose from ${PARTS.join(", ")}, or none for all`);
const wanted = (part: string) => asked.length === 0 || asked.includes(part);

if (wanted("core")) benchCore();
if (wanted("secrets")) benchSecrets();
if (wanted("review")) await benchReview();
if (wanted("github")) await benchGitHub();
if (wanted("gitlab")) await benchGitLab();
if (wanted("faults")) await benchFaults();
if (wanted("queue")) await benchQueue();
