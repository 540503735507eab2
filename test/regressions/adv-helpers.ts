/**
 * Shared by the adversary regression tests: like `reviewBranch`, but the branch may delete
 * files (`null`), write bytes, and run git commands of its own before the commit; the
 * config and the CLI flags are the test's.
 */
import { rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Review } from "../../src/core/review-result.js";
import { createRepo, type Repo } from "../support/git-repo.js";
import { reply, startModelServer, type RecordedRequest, type ReplyHandler } from "../support/model-server.js";
import { runCli } from "../support/run-cli.js";

export const cleanModel: ReplyHandler = () => reply.json({ summary: "Looks fine.", comments: [] });

export interface AdvRun {
  code: number;
  stdout: string;
  stderr: string;
  review: Review | null;
  requests: RecordedRequest[];
  sent: string;
}

export async function advReview(change: {
  base: Record<string, string | Buffer>;
  branch?: Record<string, string | Buffer | null>;
  /** Runs after the branch's files are written, before its commit. */
  edit?: (repo: Repo) => void;
  config?: string;
  args?: string[];
  model?: ReplyHandler;
  title?: string;
}): Promise<AdvRun> {
  const repo = createRepo();
  const server = await startModelServer(change.model ?? cleanModel);
  const configFile = path.join(repo.dir, "..", `${path.basename(repo.dir)}-adv.yml`);
  try {
    for (const [file, text] of Object.entries(change.base)) repo.write(file, text);
    repo.commit("base");
    repo.git("checkout", "-q", "-b", "feature");
    for (const [file, text] of Object.entries(change.branch ?? {})) {
      if (text === null) repo.remove(file);
      else repo.write(file, text);
    }
    change.edit?.(repo);
    repo.commit(change.title ?? "change");
    writeFileSync(configFile, change.config ?? "approve: true\n");
    const run = await runCli(["review", "--format", "json", "--config", configFile, ...(change.args ?? [])], {
      cwd: repo.dir,
      env: { ...repo.env, OPENAI_BASE_URL: server.baseURL, OPENAI_API_KEY: "sk-loopback", AI_REVIEW_MODEL: "m" },
    });
    const requests = [...server.requests];
    let review: Review | null = null;
    try {
      review = JSON.parse(run.stdout) as Review;
    } catch {
      review = null;
    }
    return { ...run, review, requests, sent: requests.flatMap((r) => r.body.messages.map((m) => m.content)).join("\n") };
  } finally {
    rmSync(configFile, { force: true });
    await server.close();
    repo.cleanup();
  }
}
