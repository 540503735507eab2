/**
 * The variables GitLab sets in a merge request pipeline's job, pointed at the test GitLab
 * server, plus the loopback model's settings as CI/CD variables.
 */
import type { GitLabServer, TestMergeRequest, TestProject } from "../../support/gitlab-server/index.js";

export function mergeRequestJobEnv(gitlab: GitLabServer, project: TestProject, mr: TestMergeRequest, modelUrl: string): Record<string, string> {
  return {
    CI: "true",
    GITLAB_CI: "true",
    CI_SERVER_URL: gitlab.url,
    CI_API_V4_URL: gitlab.apiUrl,
    CI_PROJECT_ID: String(project.id),
    CI_PROJECT_PATH: "acme/widgets",
    CI_PIPELINE_SOURCE: "merge_request_event",
    CI_MERGE_REQUEST_IID: String(mr.iid),
    CI_MERGE_REQUEST_PROJECT_ID: String(project.id),
    CI_COMMIT_SHA: mr.headSha,
    CI_JOB_TOKEN: gitlab.jobToken("acme/widgets"),
    OPENAI_BASE_URL: modelUrl,
    OPENAI_API_KEY: "sk-loopback",
    AI_REVIEW_MODEL: "m",
  };
}
