/**
 * The JSON GitLab answers for users, projects, merge requests, versions, notes, discussions,
 * award emoji, members and approvals: the fields an adapter reads, named and typed as GitLab
 * does (e.g. `changes_count` is a string, timestamps are ISO 8601). Pure builders.
 */
import type { CommitInfo } from "../github-server/git-reader.js";
import type { AwardRecord, DiscussionRecord, NoteRecord, TestMergeRequest, TestProject, UserRecord, VersionRecord } from "./state.js";

/** `web`: the instance's root (GitLab's `host`); `api`: `<web>/api/v4`. */
export interface Site {
  web: string;
  api: string;
}

export function userJson(site: Site, user: UserRecord) {
  return {
    id: user.id,
    username: user.username,
    name: user.name,
    state: "active",
    locked: false,
    avatar_url: `${site.web}/uploads/-/system/user/avatar/${user.id}/avatar.png`,
    web_url: `${site.web}/${user.username}`,
  };
}

/** `GET /user`: the user the token speaks for. */
export function currentUserJson(site: Site, user: UserRecord, createdAt: string) {
  return { ...userJson(site, user), bot: user.bot, created_at: createdAt, public_email: null, is_admin: false };
}

export function projectJson(site: Site, project: TestProject) {
  return {
    id: project.id,
    name: project.name,
    path: project.name,
    name_with_namespace: `${project.namespace} / ${project.name}`,
    path_with_namespace: project.path,
    default_branch: project.defaultBranch,
    visibility: project.visibility,
    web_url: `${site.web}/${project.path}`,
    http_url_to_repo: `${site.web}/${project.path}.git`,
    namespace: { id: project.id + 1_000_000, name: project.namespace, path: project.namespace, kind: "group", full_path: project.namespace },
  };
}

export function mergeRequestJson(site: Site, request: TestMergeRequest, diffMaxFiles = 1000) {
  const project = request.project;
  const latest = request.versions.at(-1)!;
  return {
    id: request.id,
    iid: request.iid,
    project_id: project.id,
    title: request.draft && !/^(draft:|\[draft\]|\(draft\))/i.test(request.title) ? `Draft: ${request.title}` : request.title,
    description: request.description,
    state: request.state,
    created_at: request.createdAt,
    updated_at: request.updatedAt,
    target_branch: request.targetBranch,
    source_branch: request.sourceBranch,
    source_project_id: project.id,
    target_project_id: project.id,
    author: userJson(site, request.author),
    draft: request.draft,
    work_in_progress: request.draft,
    sha: latest.headSha,
    merge_commit_sha: null,
    squash_commit_sha: null,
    diff_refs: request.diffRefs,
    // A string: "1000+" when the diff holds more files than GitLab stores.
    changes_count: request.files().length > diffMaxFiles ? `${diffMaxFiles}+` : String(request.files().length),
    detailed_merge_status: request.draft ? "draft_status" : "mergeable",
    labels: [],
    references: { short: `!${request.iid}`, relative: `!${request.iid}`, full: `${project.path}!${request.iid}` },
    web_url: `${site.web}/${project.path}/-/merge_requests/${request.iid}`,
  };
}

export function versionJson(request: TestMergeRequest, version: VersionRecord) {
  return {
    id: version.id,
    head_commit_sha: version.headSha,
    base_commit_sha: version.baseSha,
    start_commit_sha: version.startSha,
    created_at: version.createdAt,
    merge_request_id: request.id,
    state: "collected",
    real_size: String(request.files(version).length),
    patch_id_sha: null,
  };
}

export function noteJson(site: Site, project: TestProject, request: TestMergeRequest, note: NoteRecord) {
  return {
    id: note.id,
    type: note.type,
    body: note.body,
    attachment: null,
    author: userJson(site, note.author),
    created_at: note.createdAt,
    updated_at: note.updatedAt,
    system: note.system,
    noteable_id: request.id,
    noteable_type: "MergeRequest",
    project_id: project.id,
    noteable_iid: request.iid,
    commit_id: null,
    resolvable: note.type !== null && !note.system,
    resolved: false,
    resolved_by: null,
    resolved_at: null,
    confidential: false,
    internal: false,
    ...(note.position ? { position: note.position } : {}),
  };
}

export function discussionJson(site: Site, project: TestProject, request: TestMergeRequest, discussion: DiscussionRecord) {
  return { id: discussion.id, individual_note: discussion.individualNote, notes: discussion.notes.map((note) => noteJson(site, project, request, note)) };
}

export function awardJson(site: Site, note: NoteRecord, award: AwardRecord) {
  return {
    id: award.id,
    name: award.name,
    user: userJson(site, award.user),
    created_at: award.createdAt,
    updated_at: award.createdAt,
    awardable_id: note.id,
    awardable_type: "Note",
  };
}

export function memberJson(site: Site, user: UserRecord, level: number) {
  return { ...userJson(site, user), access_level: level, expires_at: null, membership_state: "active", created_at: "2024-01-02T03:04:05.000Z" };
}

export function approvalJson(site: Site, request: TestMergeRequest, approvers: UserRecord[]) {
  return {
    id: request.id,
    iid: request.iid,
    project_id: request.project.id,
    title: request.title,
    description: request.description,
    state: request.state,
    created_at: request.createdAt,
    updated_at: request.updatedAt,
    merge_status: "can_be_merged",
    approved: approvers.length > 0,
    approvals_required: 0,
    approvals_left: 0,
    approved_by: approvers.map((user) => ({ user: userJson(site, user) })),
  };
}

export function commitJson(site: Site, project: TestProject, commit: CommitInfo) {
  const [title = ""] = commit.message.split("\n");
  return {
    id: commit.sha,
    short_id: commit.sha.slice(0, 8),
    title,
    message: commit.message,
    parent_ids: commit.parents,
    author_name: commit.author.name,
    author_email: commit.author.email,
    authored_date: commit.author.date,
    committer_name: commit.committer.name,
    committer_email: commit.committer.email,
    committed_date: commit.committer.date,
    created_at: commit.committer.date,
    web_url: `${site.web}/${project.path}/-/commit/${commit.sha}`,
  };
}
