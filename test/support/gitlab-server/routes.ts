/**
 * The endpoints the server implements, keyed as GitLab's docs write them
 * ("GET /projects/:id/merge_requests/:merge_request_iid/diffs"). Each declares what it needs
 * (read, write, or the caller itself) and its parameters; its handler gets a request already
 * authenticated, authorized on the project, and with typed parameters, and answers as GitLab
 * does. A refusal is thrown as `Refusal`.
 */
import { commitsBetween, readCommit, readPath } from "../github-server/git-reader.js";
import { checkApprove, checkEditNote, checkUnapprove, type Need } from "./access-rules.js";
import { diffJson, type DiffLimits } from "./diff-files.js";
import { type GitLabError, gitlabError } from "./gitlab-errors.js";
import { paginate } from "./pagination.js";
import type { Params, ParamSpec } from "./parameters.js";
import {
  approvalJson,
  awardJson,
  commitJson,
  currentUserJson,
  discussionJson,
  memberJson,
  mergeRequestJson,
  noteJson,
  projectJson,
  type Site,
  versionJson,
} from "./payloads.js";
import { checkPosition, type PositionInput } from "./position-rules.js";
import type { NoteRecord, TestMergeRequest, TestProject, UserRecord, World } from "./state.js";

export interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Sent as is instead of JSON (raw files). */
  raw?: { contentType: string; data: Buffer };
}

export class Refusal extends Error {
  constructor(readonly error: GitLabError) {
    super(JSON.stringify(error.body));
  }
}

export interface ServerLimits extends DiffLimits {
  /** The largest `per_page` the diffs endpoint takes. GitLab before 17.11 answered 500 above 30 (gitlab#427168); later versions cap at 100. */
  diffsMaxPerPage: number;
  /** Characters in a note body. GitLab: 1,000,000. */
  noteMaxLength: number;
  /**
   * Files a merge request diff holds (the admin's "Maximum diff files", 1,000 by default):
   * GitLab stores the first this many, `/diffs` lists only those, and `changes_count` says
   * "1000+".
   */
  diffMaxFiles: number;
}

export interface RequestContext {
  world: World;
  site: Site;
  limits: ServerLimits;
  /** The URL as requested (for pagination links). */
  url: URL;
  path: Record<string, string>;
  params: Params;
  project: TestProject;
  /** The user a token speaks for; undefined when anonymous (or a job token, which these endpoints ignore). */
  user: UserRecord | undefined;
}

export interface Route {
  need: Need;
  /** Parameters from the query or the body, besides those in the path. */
  params: Record<string, ParamSpec>;
  /** Path parameters that must be integers (`:merge_request_iid`, `:note_id`, `:user_id`). */
  integers?: readonly string[];
  handler(context: RequestContext): Answer;
}

/** The routes an adapter must not use, and what to use instead. */
export const DEPRECATED_ROUTES: Record<string, string> = {
  "GET /projects/:id/merge_requests/:merge_request_iid/changes":
    "GET /merge_requests/:iid/changes is deprecated since GitLab 15.7 and removed in API v5: use the paginated /diffs",
};

const LIST = { page: { type: "integer" }, per_page: { type: "integer" }, pagination: { type: "string", values: ["offset"] } } as const satisfies Record<string, ParamSpec>;
const RANGE_END: ParamSpec = {
  type: "hash",
  fields: { line_code: { type: "string" }, type: { type: "string" }, old_line: { type: "integer" }, new_line: { type: "integer" } },
};
const POSITION: ParamSpec = {
  type: "hash",
  fields: {
    base_sha: { type: "string", required: true },
    start_sha: { type: "string", required: true },
    head_sha: { type: "string", required: true },
    position_type: { type: "string", required: true, values: ["text", "image", "file"] },
    old_path: { type: "string" },
    new_path: { type: "string" },
    old_line: { type: "integer" },
    new_line: { type: "integer" },
    line_range: { type: "hash", fields: { start: RANGE_END, end: RANGE_END } },
    ignore_whitespace_change: { type: "boolean" },
  },
};

const MR = "/projects/:id/merge_requests/:merge_request_iid";

export const routes: Record<string, Route> = {
  "GET /user": {
    need: "self",
    params: {},
    handler: ({ site, user, world }) => ({ status: 200, body: currentUserJson(site, user!, world.now()) }),
  },

  "GET /projects/:id": {
    need: "read",
    params: { statistics: { type: "boolean" }, license: { type: "boolean" }, with_custom_attributes: { type: "boolean" } },
    handler: ({ site, project }) => ({ status: 200, body: projectJson(site, project) }),
  },

  [`GET ${MR}`]: {
    need: "read",
    params: { render_html: { type: "boolean" }, include_diverged_commits_count: { type: "boolean" }, include_rebase_in_progress: { type: "boolean" } },
    integers: ["merge_request_iid"],
    handler: (context) => ({ status: 200, body: mergeRequestJson(context.site, mergeRequestOf(context), context.limits.diffMaxFiles) }),
  },

  [`GET ${MR}/diffs`]: {
    need: "read",
    params: { ...LIST, unidiff: { type: "boolean" } },
    integers: ["merge_request_iid"],
    handler: (context) => {
      const request = mergeRequestOf(context);
      const perPage = context.params.per_page as number | undefined;
      if (perPage !== undefined && perPage > context.limits.diffsMaxPerPage) throw new Refusal(gitlabError.serverError(500));
      const stored = request.files().slice(0, context.limits.diffMaxFiles);
      const files = stored.map((file) => diffJson(file, context.limits, { unidiff: context.params.unidiff === true }));
      const page = paginate(files, context.url, context.limits.diffsMaxPerPage);
      return { status: 200, headers: page.headers, body: page.items };
    },
  },

  [`GET ${MR}/changes`]: {
    need: "read",
    params: { access_raw_diffs: { type: "boolean" }, unidiff: { type: "boolean" } },
    integers: ["merge_request_iid"],
    handler: () => {
      throw new Refusal(gitlabError.gone(DEPRECATED_ROUTES[`GET ${MR}/changes`]!));
    },
  },

  [`GET ${MR}/versions`]: {
    need: "read",
    params: LIST,
    integers: ["merge_request_iid"],
    handler: (context) => {
      const request = mergeRequestOf(context);
      const newestFirst = [...request.versions].reverse().map((version) => versionJson(request, version));
      const page = paginate(newestFirst, context.url);
      return { status: 200, headers: page.headers, body: page.items };
    },
  },

  "GET /projects/:id/repository/files/:file_path/raw": {
    need: "read",
    params: { ref: { type: "string" }, lfs: { type: "boolean" } },
    handler: ({ project, params, path }) => {
      const commit = project.commit((params.ref as string | undefined) ?? "HEAD");
      const entry = commit ? readPath(project.git, commit, path.file_path ?? "") : undefined;
      if (!entry || entry.type !== "file") throw new Refusal(gitlabError.notFound("File"));
      return { status: 200, raw: { contentType: "text/plain; charset=utf-8", data: entry.content } };
    },
  },

  "GET /projects/:id/repository/compare": {
    need: "read",
    params: { from: { type: "string", required: true }, to: { type: "string", required: true }, from_project_id: { type: "integer" }, straight: { type: "boolean", values: ["false"] }, unidiff: { type: "boolean" } },
    handler: ({ project, params, site, limits }) => {
      const from = project.commit(params.from as string);
      const to = project.commit(params.to as string);
      if (!from || !to) throw new Refusal(gitlabError.notFound("Ref"));
      const commits = commitsBetween(project.git, from, to);
      return {
        status: 200,
        body: {
          commit: commits.length ? commitJson(site, project, readCommit(project.git, to)) : null,
          commits: commits.map((commit) => commitJson(site, project, commit)),
          diffs: project.diff(from, to).map((file) => diffJson(file, limits, { unidiff: params.unidiff === true })),
          compare_timeout: false,
          compare_same_ref: from === to,
          web_url: `${site.web}/${project.path}/-/compare/${from}...${to}`,
        },
      };
    },
  },

  [`GET ${MR}/notes`]: {
    need: "read",
    params: { ...LIST, sort: { type: "string", values: ["asc", "desc"] }, order_by: { type: "string", values: ["created_at", "updated_at"] } },
    integers: ["merge_request_iid"],
    handler: (context) => {
      const request = mergeRequestOf(context);
      const key = context.params.order_by === "updated_at" ? "updatedAt" : "createdAt";
      // GitLab's default order is newest first.
      const ascending = context.params.sort === "asc";
      const notes = [...request.notes].sort((a, b) => (a[key] === b[key] ? a.id - b.id : a[key] < b[key] ? -1 : 1) * (ascending ? 1 : -1));
      const page = paginate(notes, context.url);
      return { status: 200, headers: page.headers, body: page.items.map((note) => noteJson(context.site, context.project, request, note)) };
    },
  },

  [`POST ${MR}/notes`]: {
    need: "write",
    params: { body: { type: "string", required: true }, internal: { type: "boolean" }, created_at: { type: "string" }, merge_request_diff_head_sha: { type: "string" } },
    integers: ["merge_request_iid"],
    handler: (context) => {
      const request = mergeRequestOf(context);
      const body = checkBody(context, context.params.body as string);
      const note = context.project.addDiscussion({ mergeRequestIid: request.iid, author: context.user!, body, individualNote: true });
      return { status: 201, body: noteJson(context.site, context.project, request, note) };
    },
  },

  [`PUT ${MR}/notes/:note_id`]: {
    need: "write",
    params: { body: { type: "string", required: true }, confidential: { type: "boolean" } },
    integers: ["merge_request_iid", "note_id"],
    handler: (context) => {
      const request = mergeRequestOf(context);
      const note = noteOf(context, request);
      const refused = checkEditNote({ isAuthor: note.author === context.user, level: context.project.level(context.user!.username), system: note.system });
      if (refused) throw new Refusal(refused);
      note.body = checkBody(context, context.params.body as string);
      note.updatedAt = context.world.now();
      return { status: 200, body: noteJson(context.site, context.project, request, note) };
    },
  },

  [`GET ${MR}/discussions`]: {
    need: "read",
    params: LIST,
    integers: ["merge_request_iid"],
    handler: (context) => {
      const request = mergeRequestOf(context);
      const page = paginate(request.discussions, context.url);
      return { status: 200, headers: page.headers, body: page.items.map((discussion) => discussionJson(context.site, context.project, request, discussion)) };
    },
  },

  [`POST ${MR}/discussions`]: {
    need: "write",
    params: { body: { type: "string", required: true }, position: POSITION, commit_id: { type: "string" }, created_at: { type: "string" } },
    integers: ["merge_request_iid"],
    handler: (context) => {
      const request = mergeRequestOf(context);
      const body = checkBody(context, context.params.body as string);
      const input = context.params.position as PositionInput | undefined;
      let placed: { position: NonNullable<NoteRecord["position"]>; lineCode: string } | undefined;
      if (input) {
        if (input.position_type !== "text") throw new Refusal(gitlabError.badParameters([`position[position_type] ${input.position_type} is not simulated by the test server`]));
        const checked = checkPosition(input, request.versionDiffs());
        if (!checked.ok) throw new Refusal(gitlabError.noteInvalid(checked.errors));
        placed = checked;
      }
      const note = context.project.addDiscussion({ mergeRequestIid: request.iid, author: context.user!, body, individualNote: false, ...placed });
      const discussion = request.discussions.find((candidate) => candidate.id === note.discussionId)!;
      return { status: 201, body: discussionJson(context.site, context.project, request, discussion) };
    },
  },

  [`GET ${MR}/notes/:note_id/award_emoji`]: {
    need: "read",
    params: LIST,
    integers: ["merge_request_iid", "note_id"],
    handler: (context) => {
      const request = mergeRequestOf(context);
      const note = noteOf(context, request);
      const page = paginate(note.awards, context.url);
      return { status: 200, headers: page.headers, body: page.items.map((award) => awardJson(context.site, note, award)) };
    },
  },

  [`POST ${MR}/notes/:note_id/award_emoji`]: {
    need: "write",
    params: { name: { type: "string", required: true } },
    integers: ["merge_request_iid", "note_id"],
    handler: (context) => {
      const request = mergeRequestOf(context);
      const note = noteOf(context, request);
      const name = context.params.name as string;
      // AwardEmojis::AddService's errors come back through not_found!("Award Emoji #{message}").
      if (!EMOJI.has(name)) throw new Refusal(gitlabError.notFound("Award Emoji Name is not a valid emoji name"));
      if (note.awards.some((award) => award.user === context.user && award.name === name)) {
        throw new Refusal(gitlabError.notFound("Award Emoji Name has already been taken"));
      }
      const award = { id: context.world.ids.take(), name, user: context.user!, createdAt: context.world.now() };
      note.awards.push(award);
      return { status: 201, body: awardJson(context.site, note, award) };
    },
  },

  [`POST ${MR}/approve`]: {
    need: "write",
    params: { sha: { type: "string" }, approval_password: { type: "string" } },
    integers: ["merge_request_iid"],
    handler: (context) => {
      const request = mergeRequestOf(context);
      const user = context.user!;
      if (context.params.sha !== undefined && context.params.sha !== request.headSha) {
        throw new Refusal({ status: 409, body: { message: `SHA does not match HEAD of source branch: ${request.headSha}` } });
      }
      const refused = checkApprove(context.project.level(user.username), {
        isAuthor: request.author === user,
        authorMayApprove: context.project.authorMayApprove,
        alreadyApproved: request.approvals.has(user.username),
      });
      if (refused) throw new Refusal(refused);
      request.approvals.add(user.username);
      return { status: 201, body: approvalJson(context.site, request, approvers(context, request)) };
    },
  },

  [`GET ${MR}/approvals`]: {
    need: "read",
    params: {},
    integers: ["merge_request_iid"],
    handler: (context) => {
      const request = mergeRequestOf(context);
      return { status: 200, body: approvalJson(context.site, request, approvers(context, request)) };
    },
  },

  [`POST ${MR}/unapprove`]: {
    need: "write",
    params: {},
    integers: ["merge_request_iid"],
    handler: (context) => {
      const request = mergeRequestOf(context);
      const refused = checkUnapprove(request.approvals.has(context.user!.username));
      if (refused) throw new Refusal(refused);
      request.approvals.delete(context.user!.username);
      return { status: 201, body: approvalJson(context.site, request, approvers(context, request)) };
    },
  },

  "GET /projects/:id/members/all/:user_id": {
    need: "read",
    params: {},
    integers: ["user_id"],
    handler: (context) => member(context, (user) => context.project.level(user.username)),
  },

  "GET /projects/:id/members/:user_id": {
    need: "read",
    params: {},
    integers: ["user_id"],
    handler: (context) => member(context, (user) => context.project.members.get(user.username.toLowerCase())),
  },
};

/** The names GitLab knows that a bot is likely to use; others are refused as GitLab refuses unknown names. */
const EMOJI = new Set(["eyes", "thumbsup", "thumbsdown", "+1", "-1", "white_check_mark", "heavy_check_mark", "x", "warning", "rocket", "tada", "hourglass", "robot", "heart", "smile"]);

function member(context: RequestContext, levelOf: (user: UserRecord) => number | undefined): Answer {
  const user = context.world.userById(Number(context.path.user_id));
  const level = user ? levelOf(user) : undefined;
  if (!user || level === undefined) throw new Refusal(gitlabError.notFound());
  return { status: 200, body: memberJson(context.site, user, level) };
}

function approvers(context: RequestContext, request: TestMergeRequest): UserRecord[] {
  return [...request.approvals].map((username) => context.world.user(username));
}

function mergeRequestOf(context: RequestContext): TestMergeRequest {
  const request = context.project.mergeRequests.get(Number(context.path.merge_request_iid));
  if (!request) throw new Refusal(gitlabError.notFound("Merge Request"));
  return request;
}

function noteOf(context: RequestContext, request: TestMergeRequest): NoteRecord {
  const note = request.note(Number(context.path.note_id));
  if (!note) throw new Refusal(gitlabError.notFound("Note"));
  return note;
}

/** The Note model's validations on `note` (the body). */
function checkBody(context: RequestContext, body: string): string {
  if (body.trim() === "") throw new Refusal(gitlabError.noteInvalid({ note: ["can't be blank"] }));
  if ([...body].length > context.limits.noteMaxLength) {
    throw new Refusal(gitlabError.noteInvalid({ note: [`is too long (maximum is ${context.limits.noteMaxLength} characters)`] }));
  }
  return body;
}

