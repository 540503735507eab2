/**
 * Webhook deliveries shaped as GitLab documents them ("Webhook events": Merge request events,
 * Comment events), built from the server's own projects and merge requests so that ids, iids,
 * SHAs and users agree with what the API answers. Pure builders (plus `deliverWebhook`, which
 * POSTs one).
 *
 *   const hook = mergeRequestHook(gitlab.url, mr, { action: "update", user: "alice", oldrev: previousHead });
 *   await deliverWebhook(`${serve}/gitlab/webhook`, hook, { token: "secret" });
 */
import { randomUUID } from "node:crypto";
import { readCommit } from "../github-server/git-reader.js";
import type { NoteRecord, TestMergeRequest, TestProject, UserRecord } from "./state.js";

export type MergeRequestAction = "open" | "reopen" | "update" | "close" | "merge" | "approved" | "unapproved" | "approval" | "unapproval";

export interface WebhookDelivery {
  /** "Merge Request Hook" or "Note Hook": the `X-Gitlab-Event` header. */
  event: string;
  payload: Record<string, unknown>;
}

function hookUser(instance: string, user: UserRecord) {
  return { id: user.id, name: user.name, username: user.username, avatar_url: `${instance}/uploads/-/system/user/avatar/${user.id}/avatar.png`, email: "[REDACTED]" };
}

function hookProject(instance: string, project: TestProject) {
  const web = `${instance}/${project.path}`;
  return {
    id: project.id,
    name: project.name,
    description: null,
    web_url: web,
    avatar_url: null,
    git_ssh_url: `git@127.0.0.1:${project.path}.git`,
    git_http_url: `${web}.git`,
    namespace: project.namespace,
    visibility_level: project.visibility === "public" ? 20 : project.visibility === "internal" ? 10 : 0,
    path_with_namespace: project.path,
    default_branch: project.defaultBranch,
    ci_config_path: null,
    homepage: web,
    url: `git@127.0.0.1:${project.path}.git`,
    ssh_url: `git@127.0.0.1:${project.path}.git`,
    http_url: `${web}.git`,
  };
}

function lastCommit(instance: string, request: TestMergeRequest) {
  const commit = readCommit(request.project.git, request.headSha);
  const [title = ""] = commit.message.split("\n");
  return {
    id: commit.sha,
    message: `${commit.message}\n`,
    title,
    timestamp: commit.committer.date,
    url: `${instance}/${request.project.path}/-/commit/${commit.sha}`,
    author: { name: commit.author.name, email: commit.author.email },
  };
}

/** The merge request as hooks carry it: `object_attributes` of a Merge Request Hook, `merge_request` of a Note Hook. */
function hookMergeRequest(instance: string, request: TestMergeRequest) {
  const project = hookProject(instance, request.project);
  return {
    id: request.id,
    iid: request.iid,
    target_branch: request.targetBranch,
    source_branch: request.sourceBranch,
    source_project_id: request.project.id,
    target_project_id: request.project.id,
    author_id: request.author.id,
    title: request.title,
    description: request.description,
    created_at: request.createdAt,
    updated_at: request.updatedAt,
    state: request.state,
    state_id: request.state === "opened" ? 1 : request.state === "closed" ? 2 : 3,
    merge_status: "can_be_merged",
    detailed_merge_status: request.draft ? "draft_status" : "mergeable",
    draft: request.draft,
    work_in_progress: request.draft,
    url: `${instance}/${request.project.path}/-/merge_requests/${request.iid}`,
    source: project,
    target: project,
    last_commit: lastCommit(instance, request),
    labels: [],
  };
}

/**
 * A Merge Request Hook. `action` "update" with `oldrev` (the previous head) is a push of new
 * commits; without it, an edit of the title, description, draft status, ...
 */
export function mergeRequestHook(
  instance: string,
  request: TestMergeRequest,
  o: { action: MergeRequestAction; user: string | UserRecord; oldrev?: string; changes?: Record<string, { previous: unknown; current: unknown }> },
): WebhookDelivery {
  const user = typeof o.user === "string" ? request.project.world.user(o.user) : o.user;
  return {
    event: "Merge Request Hook",
    payload: {
      object_kind: "merge_request",
      event_type: "merge_request",
      user: hookUser(instance, user),
      project: hookProject(instance, request.project),
      repository: { name: request.project.name, url: `git@127.0.0.1:${request.project.path}.git`, description: null, homepage: `${instance}/${request.project.path}` },
      object_attributes: { ...hookMergeRequest(instance, request), action: o.action, ...(o.oldrev ? { oldrev: o.oldrev } : {}) },
      labels: [],
      changes: o.changes ?? {},
      assignees: [],
      reviewers: [],
    },
  };
}

/** A Note Hook for a comment on a merge request (`noteable_type` "MergeRequest"), e.g. "/review full". */
export function noteHook(instance: string, request: TestMergeRequest, note: NoteRecord, o: { action?: "create" | "update" } = {}): WebhookDelivery {
  const project = request.project;
  return {
    event: "Note Hook",
    payload: {
      object_kind: "note",
      event_type: "note",
      user: hookUser(instance, note.author),
      project_id: project.id,
      project: hookProject(instance, project),
      repository: { name: project.name, url: `git@127.0.0.1:${project.path}.git`, description: null, homepage: `${instance}/${project.path}` },
      object_attributes: {
        id: note.id,
        note: note.body,
        noteable_type: "MergeRequest",
        author_id: note.author.id,
        created_at: note.createdAt,
        updated_at: note.updatedAt,
        project_id: project.id,
        attachment: null,
        line_code: note.lineCode ?? null,
        commit_id: "",
        noteable_id: request.id,
        system: note.system,
        st_diff: null,
        discussion_id: note.discussionId,
        type: note.type,
        internal: false,
        position: note.position ?? null,
        action: o.action ?? "create",
        url: `${instance}/${project.path}/-/merge_requests/${request.iid}#note_${note.id}`,
      },
      merge_request: hookMergeRequest(instance, request),
    },
  };
}

/** The headers GitLab sends with a delivery. `uuid` is `X-Gitlab-Event-UUID` (the same on a redelivery). */
export function webhookHeaders(delivery: WebhookDelivery, o: { token?: string; uuid?: string; instance?: string } = {}): Record<string, string> {
  return {
    "content-type": "application/json",
    "user-agent": "GitLab/17.11.0",
    "x-gitlab-event": delivery.event,
    "x-gitlab-event-uuid": o.uuid ?? randomUUID(),
    "x-gitlab-webhook-uuid": "0f3c9c52-0000-4000-8000-000000000001",
    "x-gitlab-instance": o.instance ?? "https://gitlab.example.com",
    ...(o.token === undefined ? {} : { "x-gitlab-token": o.token }),
  };
}

/** POSTs a delivery as GitLab does; returns the answer. */
export async function deliverWebhook(url: string, delivery: WebhookDelivery, o: { token?: string; uuid?: string } = {}): Promise<Response> {
  return fetch(url, { method: "POST", headers: webhookHeaders(delivery, o), body: JSON.stringify(delivery.payload) });
}
