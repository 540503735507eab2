/**
 * `ai-review review --diff -` end to end (the CLI in-process, the real openai SDK, the
 * loopback model server) with a given `.ai-review.yml`: for the tests of model routing,
 * cost and budgets, which are all about what the config says.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Review } from "../../src/core/review-result.js";
import { createRepo } from "./git-repo.js";
import { startModelServer, type RecordedRequest, type ReplyHandler } from "./model-server.js";
import { runCli, type CliRun } from "./run-cli.js";

export const isSummaryPass = (r: RecordedRequest) => r.body.messages.some((m) => m.content.includes("Write the overall summary"));

/** Which files a request shows the model, in the order it shows them. */
export const filesShown = (r: RecordedRequest) => [...(r.body.messages.at(-1)?.content ?? "").matchAll(/^### (\S+)/gm)].map((m) => m[1]!);

/** A real git diff that changes `lines` lines of each file (a constant per line, doubled). */
export function diffOf(files: Record<string, number>): string {
  const repo = createRepo();
  try {
    const body = (path: string, lines: number, v: number) =>
      Array.from({ length: lines }, (_, i) => `export const ${path.replace(/\W/g, "_")}${i} = ${i * v};\n`).join("");
    for (const [file, lines] of Object.entries(files)) repo.write(file, body(file, lines, 1));
    const base = repo.commit("base");
    for (const [file, lines] of Object.entries(files)) repo.write(file, body(file, lines, 2));
    return repo.git("diff", base, repo.commit("head"));
  } finally {
    repo.cleanup();
  }
}

export interface ConfiguredReview {
  run: CliRun;
  /** The JSON review; null for the text format. */
  review: Review | null;
  requests: RecordedRequest[];
}

export async function configuredReview(options: {
  config: string;
  diff: string;
  model: ReplyHandler;
  format?: "json" | "text";
}): Promise<ConfiguredReview> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "ai-review-configured-"));
  const server = await startModelServer(options.model);
  try {
    writeFileSync(path.join(dir, ".ai-review.yml"), options.config);
    const format = options.format ?? "json";
    const run = await runCli(["review", "--diff", "-", "--format", format], {
      cwd: dir,
      stdin: options.diff,
      env: { OPENAI_BASE_URL: server.baseURL, OPENAI_API_KEY: "sk-test-loopback" },
    });
    if (run.code !== 0 && run.code !== 3) throw new Error(`ai-review exited ${run.code}: ${run.stderr}`);
    return { run, review: format === "json" ? (JSON.parse(run.stdout) as Review) : null, requests: server.requests };
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
