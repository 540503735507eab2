/**
 * Runs `ai-review review --diff -` end to end (the CLI in-process, the real openai SDK, the
 * loopback model server) on a diff, with the chunk answers the test gives. The summary
 * pass, when there is one, gets a plain answer.
 */
import { reply, startModelServer, type RecordedRequest } from "./model-server.js";
import { runCli, type CliRun } from "./run-cli.js";

const isSummaryPass = (r: RecordedRequest) => r.body.messages.some((m) => m.content.includes("Write the overall summary"));

export async function reviewWithModel(options: {
  diff: string;
  /** The chunk answers, one per request in order; the last one repeats. */
  answers: unknown[];
  cwd: string;
  env?: NodeJS.ProcessEnv;
  format?: "json" | "text" | "markdown";
}): Promise<CliRun & { chunkRequests: RecordedRequest[] }> {
  const chunkRequests: RecordedRequest[] = [];
  const server = await startModelServer((request) => {
    if (isSummaryPass(request)) return reply.json({ summary: "Overall summary." });
    chunkRequests.push(request);
    return reply.json(options.answers[Math.min(chunkRequests.length, options.answers.length) - 1]);
  });
  try {
    const run = await runCli(["review", "--diff", "-", "--format", options.format ?? "json"], {
      cwd: options.cwd,
      stdin: options.diff,
      env: { ...options.env, OPENAI_BASE_URL: server.baseURL, OPENAI_API_KEY: "sk-test-loopback", AI_REVIEW_MODEL: "loopback-model" },
    });
    return { ...run, chunkRequests };
  } finally {
    await server.close();
  }
}
