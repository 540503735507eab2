import type { GitLabApi } from "./create-gitlab-api.js";
import type { TextPosition } from "./text-position.js";

/**
 * `POST /projects/:id/merge_requests/:iid/discussions` with a text position, sent as JSON.
 * gitbeaker's `MergeRequestDiscussions.create` sends a position as multipart form data,
 * whose encoding turns every line feed of the body into CR LF: a suggestion applied from
 * such a note would write carriage returns into the file. Its requester sends a JSON body
 * as GitLab takes it, with the position under GitLab's own field names.
 */
export async function createDiscussion(
  api: GitLabApi,
  projectId: string | number,
  mergeRequestIid: number,
  body: string,
  position: TextPosition,
): Promise<void> {
  const resource = api.MergeRequestDiscussions;
  // The resource's URL already ends in /projects; the project id is one encoded segment.
  await resource.requester.post(`${encodeURIComponent(String(projectId))}/merge_requests/${mergeRequestIid}/discussions`, {
    body: { body, position: position as unknown as Record<string, unknown> },
  });
}
