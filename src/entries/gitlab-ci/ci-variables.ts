/**
 * What a GitLab CI job tells ai-review through its predefined variables: the instance, the
 * project, the merge request and the commit the pipeline runs for. A pipeline that is not
 * for a merge request (a branch push, a schedule) has no `CI_MERGE_REQUEST_IID`: nothing to
 * review, which is a notice, not a failure.
 */
import { gitlabApiOptionsFromEnv } from "../../forges/gitlab/gitlab-env.js";
import { TOKEN_ADVICE } from "../../forges/gitlab/explain-gitlab-failure.js";
import { UsageError } from "../usage-error.js";

export interface CiJob {
  host: string | undefined;
  token: string;
  projectId: string;
  mergeRequestIid: number;
  /** The commit the pipeline runs for (a merged-results pipeline's is the merge commit). */
  commitSha: string | null;
  /** The merge request's source head the pipeline was made for, when GitLab says. */
  sourceSha: string | null;
}

export function readCiJob(env: NodeJS.ProcessEnv): CiJob | { skip: string } {
  const iidText = env.CI_MERGE_REQUEST_IID?.trim();
  if (!iidText) {
    return {
      skip: "not a merge request pipeline (CI_MERGE_REQUEST_IID is not set): nothing to review. Run the job with `rules: - if: $CI_PIPELINE_SOURCE == \"merge_request_event\"`",
    };
  }
  const mergeRequestIid = Number(iidText);
  if (!Number.isInteger(mergeRequestIid) || mergeRequestIid <= 0) throw new UsageError(`CI_MERGE_REQUEST_IID must be a merge request number, not '${iidText}'`);
  // The merge request lives in CI_MERGE_REQUEST_PROJECT_ID: a fork's pipeline runs in the
  // fork (CI_PROJECT_ID), and the IID names a merge request of the target project.
  const projectId = env.CI_MERGE_REQUEST_PROJECT_ID?.trim() || env.CI_PROJECT_ID?.trim();
  if (!projectId) throw new UsageError("CI_PROJECT_ID is not set: run `ai-review gitlab-ci` inside a GitLab CI job, or set CI_PROJECT_ID to the project's id");
  // CI_API_V4_URL is the API root itself; the client wants the instance (it strips /api/v4).
  const options = gitlabApiOptionsFromEnv(env.CI_SERVER_URL ? env : { ...env, CI_SERVER_URL: env.CI_API_V4_URL });
  if (!options) throw new UsageError(`no GitLab token: ${TOKEN_ADVICE}`);
  if (!options.token) {
    // GitLab refuses CI_JOB_TOKEN on notes and discussions: said before the model costs anything.
    throw new UsageError(`only CI_JOB_TOKEN is set, and GitLab does not let it post notes or discussions: ${TOKEN_ADVICE}`);
  }
  return {
    host: options.host,
    token: options.token,
    projectId,
    mergeRequestIid,
    commitSha: env.CI_COMMIT_SHA?.trim() || null,
    sourceSha: env.CI_MERGE_REQUEST_SOURCE_BRANCH_SHA?.trim() || null,
  };
}
