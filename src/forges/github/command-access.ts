/**
 * Who may run `/review`: the people who could merge the change or push to it. Anyone else
 * could otherwise spend the owner's model budget by commenting on a public pull request.
 *
 * The comment's `author_association` settles most cases without an API call; a user it
 * does not cover (NONE, CONTRIBUTOR, ...) may still have write access through a team, which
 * only the collaborator permission endpoint tells.
 */

import type { GitHubRest } from "./create-github-octokit.js";

const TRUSTED_ASSOCIATIONS = new Set(["OWNER", "MEMBER", "COLLABORATOR"]);
const WRITING_ROLES = new Set(["admin", "maintain", "write"]);

/** `allowed` from the association alone, or `ask` the API for the user's permission. */
export function accessFromAssociation(association: string | null | undefined): "allowed" | "ask" {
  return TRUSTED_ASSOCIATIONS.has(association ?? "") ? "allowed" : "ask";
}

/**
 * The collaborator permission endpoint's answer: `permission` is the legacy level (admin,
 * write, read, none; maintain shows as write), `role_name` the real role.
 */
export function permissionAllowsCommands(answer: { permission: string; role_name?: string | null }): boolean {
  return WRITING_ROLES.has(answer.permission) || WRITING_ROLES.has(answer.role_name ?? "");
}

/**
 * Bots never run commands: the app's own comments (written as `<slug>[bot]`) would
 * otherwise loop, and another bot echoing a command is nobody asking.
 */
export function isBot(user: { login: string; type?: string | null }): boolean {
  return user.type === "Bot" || user.login.endsWith("[bot]");
}

/**
 * Write access through a team or an outside-collaborator grant, which `author_association`
 * does not show: asked of the collaborator permission endpoint.
 */
export async function hasWriteAccess(octokit: GitHubRest, owner: string, repo: string, username: string): Promise<boolean> {
  try {
    const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({ owner, repo, username });
    return permissionAllowsCommands(data);
  } catch (error) {
    // GitHub answers 404 for a user who is no collaborator at all: no access, not a failure.
    if ((error as { status?: number }).status === 404) return false;
    throw error;
  }
}
