/**
 * `.gitlab-ci.example.yml` is what users copy: a job for merge request pipelines whose
 * Code Quality artifact is the file the command writes, and whose command the CLI takes.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { expect, it } from "vitest";
import { parse } from "yaml";
import { runCli } from "../../support/run-cli.js";

const ROOT = resolve(import.meta.dirname, "../../..");

const TEXT = readFileSync(resolve(ROOT, ".gitlab-ci.example.yml"), "utf8");

it("has nothing to fill in: no <placeholder>, and it installs ai-review from a project of the same GitLab instance", () => {
  expect(TEXT).not.toMatch(/<[a-z][^>]*>/i);
  const job = (parse(TEXT) as Record<string, any>)["ai-review"];
  expect(job.variables).toMatchObject({ AI_REVIEW_PROJECT: expect.stringMatching(/^[\w.-]+\/[\w.-]+$/), AI_REVIEW_REF: expect.any(String) });
  const install = (job.script as string[]).find((line) => line.startsWith("npm install"))!;
  // Only variables GitLab sets in every job, and the job's own.
  const used = [...install.matchAll(/\$\{(\w+)[^}]*\}/g)].map((m) => m[1]);
  expect(used.sort()).toEqual(["AI_REVIEW_PROJECT", "AI_REVIEW_REF", "CI_JOB_TOKEN", "CI_SERVER_PROTOCOL", "CI_SERVER_URL"]);
});

it("runs ai-review gitlab-ci in merge request pipelines and reports the file it writes", async () => {
  const job = (parse(TEXT) as Record<string, any>)["ai-review"];
  expect(job.image).toBe("node:24");
  expect(job.rules).toEqual([{ if: '$CI_PIPELINE_SOURCE == "merge_request_event"' }]);
  const command = (job.script as string[]).find((line) => line.startsWith("ai-review "))!;
  const args = command.split(" ").slice(1);
  expect(args.slice(0, 2)).toEqual(["gitlab-ci", "--codequality"]);
  expect(job.artifacts.reports.codequality).toBe(args[2]);
  // The CLI accepts that command line: outside a merge request it ends with its notice.
  const run = await runCli(args, { cwd: ROOT, env: {} });
  expect(run).toMatchObject({ code: 0, stderr: "" });
  expect(run.stdout).toContain("not a merge request pipeline");
});
