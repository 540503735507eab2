import type { GitLabApi } from "./create-gitlab-api.js";
import { explainGitLabFailure, GitLabUnavailableError } from "./explain-gitlab-failure.js";

/** Where a merge request is: the client, the project (numeric id or "group/project") and the IID. */
export interface GitLabMergeRequestAddress {
  api: GitLabApi;
  projectId: string | number;
  mergeRequestIid: number;
}

/**
 * The three commits GitLab places every diff comment by (`diff_refs`): `base_sha` the merge
 * base the diff starts from, `start_sha` the target branch's head when the diff was made,
 * `head_sha` the source branch's head. A position must name all three of the diff it is on.
 */
export interface DiffRefs {
  baseSha: string;
  startSha: string;
  headSha: string;
}

/** What the adapters and entries read of a merge request (drafts are skipped by default, closed ones always). */
export interface GitLabMergeRequestFacts {
  title: string;
  description: string;
  author: string | null;
  draft: boolean;
  /** `opened`, `closed`, `merged` or `locked`: only an open merge request is worth a review. */
  state: string;
  webUrl: string | null;
  diffRefs: DiffRefs;
  /** GitLab's `changes_count`, a string: "1000+" when the diff holds more files than GitLab stores. */
  changesCount: string | null;
}

export function mergeRequestName(address: Pick<GitLabMergeRequestAddress, "projectId" | "mergeRequestIid">): string {
  return `${address.projectId}!${address.mergeRequestIid}`;
}

export async function fetchMergeRequestFacts(address: GitLabMergeRequestAddress): Promise<GitLabMergeRequestFacts> {
  const { api, projectId, mergeRequestIid } = address;
  const name = mergeRequestName(address);
  let data: Record<string, unknown>;
  try {
    data = (await api.MergeRequests.show(projectId, mergeRequestIid)) as Record<string, unknown>;
  } catch (error) {
    throw explainGitLabFailure(error, `reading merge request ${name}`, api);
  }
  const refs = data.diff_refs as { base_sha?: string | null; start_sha?: string | null; head_sha?: string | null } | null | undefined;
  if (!refs?.base_sha || !refs.start_sha || !refs.head_sha) {
    // GitLab fills diff_refs once it has computed the diff (moments after a push).
    throw new GitLabUnavailableError(`GitLab has not computed the diff of merge request ${name} yet (no diff_refs); run the review again in a moment`);
  }
  const author = data.author as { username?: string } | null | undefined;
  return {
    title: typeof data.title === "string" ? data.title : "",
    description: typeof data.description === "string" ? data.description : "",
    author: author?.username ?? null,
    draft: data.draft === true || data.work_in_progress === true,
    state: typeof data.state === "string" ? data.state : "opened",
    webUrl: typeof data.web_url === "string" ? data.web_url : null,
    diffRefs: { baseSha: refs.base_sha, startSha: refs.start_sha, headSha: refs.head_sha },
    changesCount: typeof data.changes_count === "string" || typeof data.changes_count === "number" ? String(data.changes_count) : null,
  };
}
