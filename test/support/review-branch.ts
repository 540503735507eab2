/**
 * Reviews a branch of a throwaway repository with the real CLI (`ai-review review --format
 * json`) against the loopback model server, with `approve: true`: the set-up of the
 * "free pass to APPROVE" regressions, where what matters is what reached the model and
 * whether the verdict approved.
 */
import { rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Review } from "../../src/core/review-result.js";
import { createRepo } from "./git-repo.js";
import { reply, startModelServer, type RecordedRequest, type ReplyHandler } from "./model-server.js";
import { runCli } from "./run-cli.js";

export interface BranchReview {
  code: number;
  stderr: string;
  review: Review;
  /** Every request the model server received. */
  requests: RecordedRequest[];
  /** All the text sent to the model, requests joined. */
  sent: string;
}

/** A model that finds nothing: whatever it is shown would be approved. */
export const cleanModel: ReplyHandler = () => reply.json({ summary: "Looks fine.", comments: [] });

export async function reviewBranch(change: {
  /** Files of the base commit (on `main`). */
  base: Record<string, string>;
  /** Files the branch writes over the base. */
  branch: Record<string, string>;
  /** Config lines besides `approve: true`. */
  config?: string;
  model?: ReplyHandler;
}): Promise<BranchReview> {
  const repo = createRepo();
  const server = await startModelServer(change.model ?? cleanModel);
  try {
    for (const [file, text] of Object.entries(change.base)) repo.write(file, text);
    repo.commit("base");
    repo.git("checkout", "-q", "-b", "feature");
    for (const [file, text] of Object.entries(change.branch)) repo.write(file, text);
    repo.commit("change");
    // Outside the repository, so the config file is no part of the change.
    const configFile = path.join(repo.dir, "..", `${path.basename(repo.dir)}-approve.yml`);
    writeFileSync(configFile, `approve: true\n${change.config ?? ""}`);
    try {
      const run = await runCli(["review", "--format", "json", "--config", configFile], {
        cwd: repo.dir,
        env: { ...repo.env, OPENAI_BASE_URL: server.baseURL, OPENAI_API_KEY: "sk-loopback", AI_REVIEW_MODEL: "m" },
      });
      if (run.stdout === "") throw new Error(`ai-review printed no review (exit ${run.code}): ${run.stderr}`);
      const requests = [...server.requests];
      return {
        code: run.code,
        stderr: run.stderr,
        review: JSON.parse(run.stdout) as Review,
        requests,
        sent: requests.flatMap((r) => r.body.messages.map((m) => m.content)).join("\n"),
      };
    } finally {
      rmSync(configFile, { force: true });
    }
  } finally {
    await server.close();
    repo.cleanup();
  }
}
