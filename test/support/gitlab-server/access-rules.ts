/**
 * Who may do what, as GitLab decides it, as pure functions. The server authenticates a token
 * into a `Caller`, then asks these rules before a handler runs.
 *
 * A CI job token (`JOB-TOKEN`) authenticates only on the endpoints GitLab marks
 * `job_token_allowed` (packages, releases, artifacts, ...). None of the endpoints a reviewer
 * uses is one of them, so GitLab ignores the header and treats the caller as anonymous: reads
 * of a public project work, a private project is "404 Project Not Found", and every write
 * (notes, discussions, award emoji, approvals) is 401 Unauthorized.
 */
import { type GitLabError, gitlabError } from "./gitlab-errors.js";

export const AccessLevel = { guest: 10, reporter: 20, developer: 30, maintainer: 40, owner: 50 } as const;
export type AccessLevelName = keyof typeof AccessLevel;

export type Visibility = "private" | "internal" | "public";

/** The scopes a personal, project or group access token can carry that matter to the REST API. */
export type TokenScope = "api" | "read_api" | "read_repository" | "read_user";

export type Caller = { kind: "anonymous" } | { kind: "job"; projectId: number; username: string } | { kind: "user"; username: string; scopes: readonly TokenScope[] };

/** What a route does: read a project's data, write to it, or ask who the token is (`GET /user`). */
export type Need = "read" | "write" | "self";

export interface ProjectAccess {
  visibility: Visibility;
  /** The caller's access level on the project, direct or inherited; undefined for a non-member or anonymous caller. */
  level: number | undefined;
}

export function checkAccess(caller: Caller, need: Need, project: ProjectAccess | undefined): GitLabError | undefined {
  // A job token is no credential on these endpoints: the request is anonymous.
  if (caller.kind !== "user") {
    if (need !== "read") return gitlabError.unauthorized();
    if (project && project.visibility !== "public") return gitlabError.notFound("Project");
    return undefined;
  }
  const scopes = new Set(caller.scopes);
  const canRead = scopes.has("api") || scopes.has("read_api") || (need === "self" && scopes.has("read_user"));
  if (!canRead || (need === "write" && !scopes.has("api"))) return gitlabError.insufficientScope();
  if (project && project.visibility === "private" && project.level === undefined) return gitlabError.notFound("Project");
  return undefined;
}

/**
 * POST .../approve: a Developer or more; GitLab answers 401 (not 403) when the user may not
 * approve, including a second approval by the same user and, when the project prevents it,
 * the author's own.
 */
export function checkApprove(level: number | undefined, o: { isAuthor: boolean; authorMayApprove: boolean; alreadyApproved: boolean }): GitLabError | undefined {
  if ((level ?? 0) < AccessLevel.developer || o.alreadyApproved || (o.isAuthor && !o.authorMayApprove)) return gitlabError.unauthorized();
  return undefined;
}

/** POST .../unapprove without an approval of one's own: 404. */
export function checkUnapprove(approved: boolean): GitLabError | undefined {
  return approved ? undefined : gitlabError.notFound();
}

/** PUT .../notes/:note_id: the author, or a Maintainer or more (`admin_note`). */
export function checkEditNote(o: { isAuthor: boolean; level: number | undefined; system: boolean }): GitLabError | undefined {
  if (o.system) return gitlabError.forbidden();
  if (o.isAuthor || (o.level ?? 0) >= AccessLevel.maintainer) return undefined;
  return gitlabError.forbidden();
}
