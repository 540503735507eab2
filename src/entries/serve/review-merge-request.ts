/**
 * The production `RunGitLabReviewJob`: one merge request reviewed through the GitLab source
 * and publisher and the shared flow, with the server's GitLab client (its token, its
 * instance, its rate-limit waits). The publisher writes as the token's user, whose notes
 * alone are read back as earlier reviews.
 */
import { GitLabChangeSource } from "../../forges/gitlab/gitlab-change-source.js";
import { GitLabPublisher } from "../../forges/gitlab/gitlab-publisher.js";
import { formatReviewText } from "../../core/render-review-text.js";
import { runReviewFlow } from "../../review-flow.js";
import { PACKAGE_VERSION } from "../package-version.js";
import { publishedLogFields } from "./published-log-fields.js";
import type { RunGitLabReviewJob } from "./run-review-job.js";
import { SERVER_OWNED_KEYS } from "./server-owned-keys.js";

export interface ReviewMergeRequestOptions {
  env: NodeJS.ProcessEnv;
  /** Test hook: the model's retry sleep made instant. */
  sleep?: (ms: number) => Promise<void>;
}

export function reviewMergeRequest(options: ReviewMergeRequestOptions): RunGitLabReviewJob {
  return async (job, api, log, bot) => {
    const address = { api, projectId: job.projectId, mergeRequestIid: job.mergeRequestIid };
    const result = await runReviewFlow({
      source: new GitLabChangeSource(address),
      publisher: new GitLabPublisher({ ...address, botUsername: bot.username }),
      env: options.env,
      fileMayNotSet: SERVER_OWNED_KEYS,
      mode: job.mode,
      gatewayMetadata: {
        repository: job.projectPath,
        change: job.mergeRequestIid,
        trigger: job.trigger.kind === "event" ? `merge_request.${job.trigger.action}` : "note",
        version: PACKAGE_VERSION,
      },
      ...(options.sleep ? { sleep: options.sleep } : {}),
      // Nothing lost when the forge takes nothing: the findings go to the log with the failure.
      onNotPosted: (review) => log.error({ findings: formatReviewText(review) }, "review not posted; its findings are here"),
    });
    log.info(publishedLogFields(result), "review published");
  };
}
