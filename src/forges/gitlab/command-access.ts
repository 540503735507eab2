/**
 * Who may run `/review` on GitLab: members of the project with the Developer role or more,
 * the people who can push to a merge request's branch. Anyone else (a Guest, a Reporter, a
 * stranger commenting on a public project) could otherwise spend the owner's model budget.
 * The level is asked of the members API with inherited memberships (`/members/all`), since
 * most people belong to a project through its group.
 */
import type { GitLabApi } from "./create-gitlab-api.js";
import { explainGitLabFailure } from "./explain-gitlab-failure.js";
import { gitlabStatus } from "./gitlab-failure.js";

/** GitLab's access levels: 10 Guest, 20 Reporter, 30 Developer, 40 Maintainer, 50 Owner. */
export const DEVELOPER_ACCESS = 30;

/**
 * The user's access level on the project, direct or inherited; null for someone who is no
 * member at all (GitLab answers 404).
 */
export async function memberAccessLevel(api: GitLabApi, projectId: string | number, userId: number): Promise<number | null> {
  try {
    const member = (await api.ProjectMembers.show(projectId, userId, { includeInherited: true })) as { access_level?: unknown };
    return typeof member.access_level === "number" ? member.access_level : null;
  } catch (error) {
    if (gitlabStatus(error) === 404) return null;
    throw explainGitLabFailure(error, `reading the access level of user ${userId} on project ${projectId}`, api);
  }
}

/**
 * Users a project or group access token acts as (`project_<id>_bot_<hex>`, `group_<id>_bot_<hex>`):
 * bots never run commands, whichever bot it is. Another bot echoing a command is nobody asking.
 */
export function isTokenBot(username: string): boolean {
  return /^(?:project|group)_\d+_bot(?:_[0-9a-f]+)?$/i.test(username);
}
