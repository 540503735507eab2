import type { Severity } from "../core/finding.js";
import { StdoutPublisher, type ReviewFormat } from "../forges/local/stdout-publisher.js";
import { runReviewFlow } from "../review-flow.js";
import { PACKAGE_VERSION } from "./package-version.js";
import type { CliIo } from "./cli-io.js";
import { EXIT_FINDINGS, EXIT_INCOMPLETE, EXIT_OK } from "./exit-codes.js";
import { openCliSource, type ChangeInput } from "./open-cli-source.js";
import { REAL_TIMERS, startProgress, type ProgressReporter } from "./review-progress.js";

export interface ReviewFlags extends ChangeInput {
  format: ReviewFormat;
  failOn?: Severity;
  model?: string;
  baseUrl?: string;
  apiKey?: string;
}

export async function runReviewCommand(flags: ReviewFlags, io: CliIo): Promise<number> {
  const { source, configFile, emptyHint } = await openCliSource(flags, io);
  const publisher = new StdoutPublisher({
    stream: io.stdout,
    format: flags.format,
    color: io.stdout.isTTY === true && !io.env.NO_COLOR,
  });
  // Set once the plan is known (the progress needs the number of parts); stopped before
  // the review is printed, so a terminal's progress line never runs into it.
  let progress = null as ProgressReporter | null;
  let result;
  try {
    result = await runReviewFlow({
      source,
      publisher,
      env: io.env,
      configFile,
      // --fail-on is also the policy's bar, so the verdict and the exit code agree.
      overrides: { model: flags.model, base_url: flags.baseUrl, api_key: flags.apiKey, fail_on: flags.failOn },
      gatewayMetadata: { trigger: "cli", version: PACKAGE_VERSION },
      ...(io.sleep ? { sleep: io.sleep } : {}),
      onPlanned: ({ report }) => {
        if (report.totalFiles === 0) io.stderr.write(`ai-review: nothing to review: ${emptyHint}\n`);
        progress = startProgress({
          stderr: io.stderr,
          tty: io.stderr.isTTY === true,
          total: report.chunks.length,
          timers: io.timers ?? REAL_TIMERS,
        });
      },
      onProgress: (p) => progress?.onProgress(p),
      onReviewed: () => progress?.stop(),
    });
  } finally {
    progress?.stop();
  }

  const { review, report } = result;
  if (review.failedChunks.length > 0) {
    const parts = review.failedChunks.filter((c) => c.index > 0).length;
    io.stderr.write(
      `ai-review: the review is incomplete: ${parts} of ${report.chunks.length} part(s) failed${review.failedChunks.some((c) => c.index === 0) ? " and the summary pass failed" : ""}. First error: ${review.failedChunks[0]!.error}\n`,
    );
    return EXIT_INCOMPLETE;
  }
  // --fail-on set the policy's bar, so the verdict already says whether it was met.
  if (flags.failOn && review.verdict === "request_changes") return EXIT_FINDINGS;
  return EXIT_OK;
}
