/**
 * The endpoints the server implements, keyed by octokit's route string. Each handler gets
 * a request already authenticated and checked against GitHub's description, and answers as
 * GitHub does (statuses, bodies, pagination). A refusal is thrown as `Refusal`.
 */
import type { IncomingHttpHeaders } from "node:http";
import { commitsBetween, mergeBase, readCommit, readPath } from "./git-reader.js";
import { type GitHubError, githubError } from "./github-errors.js";
import type { Operation } from "./openapi-checker.js";
import { paginate } from "./pagination.js";
import {
  base64Lines,
  commitJson,
  contentLinks,
  fileJson,
  issueCommentJson,
  pullJson,
  reactionJson,
  type RepoJsonInput,
  reviewCommentJson,
  reviewJson,
  type ReviewRecord,
  type Site,
  userJson,
} from "./payloads.js";
import { checkReview, isBodyTooLong, type ReviewRequest } from "./review-rules.js";
import type { Principal, TestPullRequest, TestRepository } from "./state.js";
import { covers, type World } from "./world.js";

export interface RequestContext {
  world: World;
  site: Site;
  operation: Operation;
  /** The request's path as received (after `/repositories/{id}` was resolved). */
  pathname: string;
  params: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
  headers: IncomingHttpHeaders;
  principal: Principal;
}

export interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Sent as is instead of JSON (the raw media type of the contents API). */
  raw?: { contentType: string; data: Buffer };
}

export class Refusal extends Error {
  constructor(readonly error: GitHubError) {
    super(error.body.message);
  }
}

type Handler = (context: RequestContext) => Answer;

/** GitHub lists at most this many files of a pull request, and at most 300 in a comparison. */
export const MAX_PULL_FILES = 3000;
export const MAX_COMPARE_FILES = 300;
/** The contents API sends files up to 1 MB inline; larger ones come with encoding "none". */
export const MAX_INLINE_CONTENT = 1024 * 1024;

export const handlers: Record<string, Handler> = {
  "GET /repos/{owner}/{repo}/pulls/{pull_number}": (context) => {
    const repository = readable(context);
    const pull = pullOf(context, repository);
    const files = pull.files();
    const base = mergeBase(repository.git, pull.baseSha, pull.headSha) ?? pull.baseSha;
    return {
      status: 200,
      body: pullJson(context.site, {
        number: pull.number,
        id: pull.id,
        title: pull.title,
        body: pull.body,
        user: pull.author,
        authorAssociation: repository.association(pull.author),
        draft: pull.draft,
        state: pull.state,
        base: { ref: pull.baseRef, sha: pull.baseSha, repo: repoInput(repository) },
        head: { ref: pull.headRef, sha: pull.headSha, repo: pull.fork ? { ...repoInput(repository), id: repository.id + 1_000_000, owner: pull.fork, fork: true } : repoInput(repository) },
        additions: files.reduce((sum, file) => sum + file.additions, 0),
        deletions: files.reduce((sum, file) => sum + file.deletions, 0),
        changedFiles: files.length,
        commits: commitsBetween(repository.git, base, pull.headSha).length,
        comments: pull.issueComments.length,
        reviewComments: pull.reviewComments.length,
        createdAt: pull.createdAt,
        updatedAt: pull.updatedAt,
      }),
    };
  },

  "GET /repos/{owner}/{repo}/pulls/{pull_number}/files": (context) => {
    const repository = readable(context);
    const pull = pullOf(context, repository);
    const files = pull.files().slice(0, MAX_PULL_FILES);
    const page = paginate(files, context.query, linkBase(context, repository));
    return { status: 200, headers: page.headers, body: page.items.map((file) => fileJson(context.site, repository.fullName, pull.headSha, file)) };
  },

  "GET /repos/{owner}/{repo}/contents/{path}": (context) => {
    const repository = readable(context);
    const ref = context.query.ref ?? repository.defaultBranch;
    const commit = repository.commit(ref);
    const path = context.params.path ?? "";
    const entry = commit ? readPath(repository.git, commit, path) : undefined;
    if (!entry) throw new Refusal(githubError.notFound(context.operation.documentationUrl));
    if (entry.type === "dir") {
      return {
        status: 200,
        body: entry.entries.map((child) => ({
          type: child.type,
          size: child.size,
          name: child.path.split("/").at(-1),
          path: child.path,
          sha: child.sha,
          ...contentLinks(context.site, repository.fullName, child.path, child.sha, child.type === "dir" ? "tree" : "blob", ref),
        })),
      };
    }
    if (/application\/vnd\.github(\.v3)?\.raw/.test(String(context.headers.accept))) {
      return { status: 200, raw: { contentType: "application/vnd.github.raw; charset=utf-8", data: entry.content } };
    }
    const inline = entry.content.length <= MAX_INLINE_CONTENT;
    return {
      status: 200,
      body: {
        type: "file",
        encoding: inline ? "base64" : "none",
        size: entry.content.length,
        name: path.split("/").at(-1),
        path,
        content: inline ? base64Lines(entry.content) : "",
        sha: entry.sha,
        ...contentLinks(context.site, repository.fullName, path, entry.sha, "blob", ref),
      },
    };
  },

  "GET /repos/{owner}/{repo}/compare/{basehead}": (context) => {
    const repository = readable(context);
    const notFound = () => new Refusal(githubError.notFound(context.operation.documentationUrl));
    const [baseRef, headRef, extra] = (context.params.basehead ?? "").split("...");
    if (!baseRef || !headRef || extra !== undefined) throw notFound();
    const base = repository.commit(baseRef);
    const head = repository.commit(headRef);
    const common = base && head ? mergeBase(repository.git, base, head) : undefined;
    if (!base || !head || !common) throw notFound();
    const ahead = commitsBetween(repository.git, common, head);
    const behind = commitsBetween(repository.git, common, base).length;
    const paged = context.query.page !== undefined || context.query.per_page !== undefined;
    // Without paging parameters GitHub sends the last 250 commits; with them, pages of commits.
    const page = paged ? paginate(ahead, context.query, linkBase(context, repository)) : { items: ahead.slice(-250), headers: {} };
    const status = ahead.length === 0 && behind === 0 ? "identical" : behind === 0 ? "ahead" : ahead.length === 0 ? "behind" : "diverged";
    const url = `${context.site.api}/repos/${repository.fullName}/compare/${baseRef}...${headRef}`;
    const html = `${context.site.web}/${repository.fullName}/compare/${baseRef}...${headRef}`;
    const firstPage = !paged || (context.query.page ?? "1") === "1";
    return {
      status: 200,
      headers: page.headers,
      body: {
        url,
        html_url: html,
        permalink_url: `${context.site.web}/${repository.fullName}/compare/${base}...${head}`,
        diff_url: `${html}.diff`,
        patch_url: `${html}.patch`,
        base_commit: commitJson(context.site, repository.fullName, readCommit(repository.git, base)),
        merge_base_commit: commitJson(context.site, repository.fullName, readCommit(repository.git, common)),
        status,
        ahead_by: ahead.length,
        behind_by: behind,
        total_commits: ahead.length,
        commits: page.items.map((commit) => commitJson(context.site, repository.fullName, commit)),
        // Files come on the first page only, at most 300 for the whole comparison.
        files: firstPage ? repository.diff(base, head).slice(0, MAX_COMPARE_FILES).map((file) => fileJson(context.site, repository.fullName, head, file)) : [],
      },
    };
  },

  "POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews": (context) => {
    const repository = writable(context);
    const pull = pullOf(context, repository);
    const request = context.body as ReviewRequest;
    const reviewer = actor(context);
    const checked = checkReview(request, {
      headShas: pull.headShas,
      pullAuthor: pull.author.login,
      reviewer: reviewer.login,
      reviewerIsActions: context.principal.kind === "actions",
      actionsMayApprove: repository.actionsMayApprove,
      patchAt: (commitId, path) => {
        const file = pull.files(commitId).find((candidate) => candidate.path === path);
        return file ? file.patch : undefined;
      },
      documentationUrl: context.operation.documentationUrl,
    });
    if (!checked.ok) throw new Refusal(checked.error);
    const state: ReviewRecord["state"] =
      request.event === "APPROVE" ? "APPROVED" : request.event === "REQUEST_CHANGES" ? "CHANGES_REQUESTED" : request.event === "COMMENT" ? "COMMENTED" : "PENDING";
    if (state === "PENDING" && pull.reviews.some((review) => review.state === "PENDING" && review.user === reviewer)) {
      throw new Refusal(githubError.unprocessable(context.operation.documentationUrl, "User can only have one pending review per pull request"));
    }
    const now = context.world.now();
    const association = repository.association(reviewer);
    const review: ReviewRecord = {
      id: context.world.ids.take(),
      pullNumber: pull.number,
      user: reviewer,
      authorAssociation: association,
      body: request.body ?? "",
      state,
      commitId: checked.commitId,
      submittedAt: now,
    };
    repository.reviews.push(review);
    for (const comment of checked.comments) {
      repository.reviewComments.push({
        ...comment,
        id: context.world.ids.take(),
        reviewId: review.id,
        pullNumber: pull.number,
        user: reviewer,
        authorAssociation: association,
        commitId: checked.commitId,
        createdAt: now,
      });
    }
    return { status: 200, body: reviewJson(context.site, repository.fullName, review) };
  },

  "GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews": (context) => {
    const repository = readable(context);
    const pull = pullOf(context, repository);
    const visible = pull.reviews.filter((review) => review.state !== "PENDING" || review.user === actorOrNull(context));
    const page = paginate(visible, context.query, linkBase(context, repository));
    return { status: 200, headers: page.headers, body: page.items.map((review) => reviewJson(context.site, repository.fullName, review)) };
  },

  "GET /repos/{owner}/{repo}/pulls/{pull_number}/comments": (context) => {
    const repository = readable(context);
    const pull = pullOf(context, repository);
    const pending = new Set(pull.reviews.filter((review) => review.state === "PENDING" && review.user !== actorOrNull(context)).map((review) => review.id));
    let comments = pull.reviewComments.filter((comment) => !pending.has(comment.reviewId));
    if (context.query.since) comments = comments.filter((comment) => comment.createdAt >= context.query.since!);
    if (context.query.direction === "desc") comments = [...comments].reverse();
    const page = paginate(comments, context.query, linkBase(context, repository));
    return { status: 200, headers: page.headers, body: page.items.map((comment) => reviewCommentJson(context.site, repository.fullName, comment)) };
  },

  "GET /repos/{owner}/{repo}/issues/{issue_number}/comments": (context) => {
    const repository = readable(context);
    const pull = pullOf(context, repository, "issue_number");
    let comments = pull.issueComments;
    if (context.query.since) comments = comments.filter((comment) => comment.updatedAt >= context.query.since!);
    const page = paginate(comments, context.query, linkBase(context, repository));
    return { status: 200, headers: page.headers, body: page.items.map((comment) => issueCommentJson(context.site, repository.fullName, comment)) };
  },

  "POST /repos/{owner}/{repo}/issues/{issue_number}/comments": (context) => {
    const repository = writable(context);
    const pull = pullOf(context, repository, "issue_number");
    const { body } = context.body as { body: string };
    refuseLongIssueComment(context, body);
    const comment = repository.addIssueComment(pull.number, actor(context), body);
    return { status: 201, headers: { location: `${context.site.api}/repos/${repository.fullName}/issues/comments/${comment.id}` }, body: issueCommentJson(context.site, repository.fullName, comment) };
  },

  "GET /repos/{owner}/{repo}/issues/comments/{comment_id}": (context) => {
    const repository = readable(context);
    return { status: 200, body: issueCommentJson(context.site, repository.fullName, issueCommentOf(context, repository)) };
  },

  "PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}": (context) => {
    const repository = writable(context);
    const comment = issueCommentOf(context, repository);
    const editor = actor(context);
    // GitHub lets the author edit, and anyone with write access (which an app or workflow token with write has).
    const mayEdit = comment.user === editor || context.principal.kind !== "user" || ["admin", "write"].includes(repository.permission(editor).permission);
    if (!mayEdit) throw new Refusal(githubError.wrongCredentialKind(context.operation.documentationUrl, "Must have admin rights to Repository."));
    const { body } = context.body as { body: string };
    refuseLongIssueComment(context, body);
    comment.body = body;
    comment.updatedAt = context.world.now();
    return { status: 200, body: issueCommentJson(context.site, repository.fullName, comment) };
  },

  "GET /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions": (context) => {
    const repository = readable(context);
    const comment = issueCommentOf(context, repository);
    const reactions = comment.reactions.filter((reaction) => !context.query.content || reaction.content === context.query.content);
    const page = paginate(reactions, context.query, linkBase(context, repository));
    return { status: 200, headers: page.headers, body: page.items.map((reaction) => reactionJson(context.site, reaction)) };
  },

  "POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions": (context) => {
    const repository = writable(context);
    const comment = issueCommentOf(context, repository);
    const { content } = context.body as { content: string };
    const user = actor(context);
    // Reacting twice with the same content answers the existing reaction with 200, not a second one.
    const existing = comment.reactions.find((reaction) => reaction.user === user && reaction.content === content);
    if (existing) return { status: 200, body: reactionJson(context.site, existing) };
    const reaction = { id: context.world.ids.take(), user, content, createdAt: context.world.now() };
    comment.reactions.push(reaction);
    return { status: 201, body: reactionJson(context.site, reaction) };
  },

  "GET /repos/{owner}/{repo}/collaborators/{username}/permission": (context) => {
    const repository = readable(context);
    const user = context.world.users.find(context.params.username ?? "");
    if (!user) throw new Refusal(githubError.notFound(context.operation.documentationUrl));
    const { permission, role_name } = repository.permission(user);
    return {
      status: 200,
      body: {
        permission,
        role_name,
        user: {
          ...userJson(context.site, user),
          permissions: { admin: permission === "admin", maintain: role_name === "maintain" || permission === "admin", push: permission === "admin" || permission === "write", triage: permission !== "none", pull: permission !== "none" },
          role_name,
        },
      },
    };
  },

  "GET /repos/{owner}/{repo}/installation": (context) => {
    const app = appOf(context);
    const repository = context.world.repository(context.params.owner ?? "", context.params.repo ?? "");
    const installation = repository && context.world.installationFor(app, repository);
    if (!installation) throw new Refusal(githubError.notFound(context.operation.documentationUrl));
    const created = context.world.now();
    return {
      status: 200,
      body: {
        id: installation.id,
        account: userJson(context.site, installation.account),
        repository_selection: installation.repositories === "all" ? "all" : "selected",
        access_tokens_url: `${context.site.api}/app/installations/${installation.id}/access_tokens`,
        repositories_url: `${context.site.api}/installation/repositories`,
        html_url: `${context.site.web}/settings/installations/${installation.id}`,
        app_id: Number(app.id),
        app_slug: app.slug,
        target_id: installation.account.id,
        target_type: installation.account.type === "Bot" ? "User" : "Organization",
        permissions: { contents: "read", metadata: "read", pull_requests: "write", issues: "write" },
        events: ["issue_comment", "pull_request"],
        created_at: created,
        updated_at: created,
        single_file_name: null,
        suspended_by: null,
        suspended_at: null,
      },
    };
  },

  "GET /app": (context) => {
    const app = appOf(context);
    const created = context.world.now();
    return {
      status: 200,
      body: {
        id: Number(app.id),
        slug: app.slug,
        node_id: `A_${app.id}`,
        client_id: `Iv1.${app.id}`,
        owner: null,
        name: app.slug,
        description: null,
        external_url: `${context.site.web}/apps/${app.slug}`,
        html_url: `${context.site.web}/apps/${app.slug}`,
        created_at: created,
        updated_at: created,
        permissions: { contents: "read", metadata: "read", pull_requests: "write", issues: "write" },
        events: ["issue_comment", "pull_request"],
      },
    };
  },

  "POST /app/installations/{installation_id}/access_tokens": (context) => {
    const app = appOf(context);
    const installation = context.world.installations.get(Number(context.params.installation_id));
    if (!installation || installation.app !== app) throw new Refusal(githubError.notFound(context.operation.documentationUrl));
    const token = context.world.installationToken(installation.id);
    return {
      status: 201,
      body: {
        token,
        expires_at: new Date(context.world.clock().getTime() + 3600_000).toISOString().replace(/\.\d{3}Z$/, "Z"),
        permissions: { contents: "read", metadata: "read", pull_requests: "write", issues: "write" },
        repository_selection: installation.repositories === "all" ? "all" : "selected",
      },
    };
  },
};

/** Answered by the server itself from its rate-limit counters (see index.ts). */
export const RATE_LIMIT_ROUTE = "GET /rate_limit";
/** Routes that only an app's JWT may call; every other route refuses a JWT. */
export const APP_ROUTES = new Set(["GET /app", "GET /repos/{owner}/{repo}/installation", "POST /app/installations/{installation_id}/access_tokens"]);

function repoInput(repository: TestRepository): RepoJsonInput {
  return { id: repository.id, owner: repository.owner, name: repository.name, defaultBranch: repository.defaultBranch, fork: false };
}

/** The repository named in the path, if this principal may read it (GitHub answers 404 otherwise, not 403). */
function readable(context: RequestContext): TestRepository {
  const repository = context.world.repository(context.params.owner ?? "", context.params.repo ?? "");
  const notFound = new Refusal(githubError.notFound(context.operation.documentationUrl));
  if (!repository) throw notFound;
  if (context.principal.kind === "installation" && !covers(context.principal.installation, repository)) throw notFound;
  return repository;
}

/** As `readable`, and the principal may write there (a fork's workflow token may not). */
function writable(context: RequestContext): TestRepository {
  const repository = readable(context);
  const { principal } = context;
  if (principal.kind === "actions" && (!principal.write || principal.repository.toLowerCase() !== repository.fullName.toLowerCase())) {
    throw new Refusal(githubError.notAccessible(context.operation.documentationUrl));
  }
  return repository;
}

function pullOf(context: RequestContext, repository: TestRepository, param = "pull_number"): TestPullRequest {
  const pull = repository.pulls.get(Number(context.params[param]));
  if (!pull) throw new Refusal(githubError.notFound(context.operation.documentationUrl));
  return pull;
}

function issueCommentOf(context: RequestContext, repository: TestRepository) {
  const comment = repository.issueComments.find((candidate) => candidate.id === Number(context.params.comment_id));
  if (!comment) throw new Refusal(githubError.notFound(context.operation.documentationUrl));
  return comment;
}

/** Who writes: the user, `<slug>[bot]` for an installation, `github-actions[bot]` for a workflow. */
function actor(context: RequestContext) {
  const user = actorOrNull(context);
  if (!user) throw new Refusal(githubError.notAccessible(context.operation.documentationUrl));
  return user;
}

function actorOrNull(context: RequestContext) {
  return context.principal.kind === "app" ? null : context.principal.user;
}

function appOf(context: RequestContext) {
  if (context.principal.kind !== "app") throw new Refusal(githubError.badJwt("A JSON web token could not be decoded"));
  return context.principal.app;
}

function refuseLongIssueComment(context: RequestContext, body: string): void {
  if (isBodyTooLong(body)) {
    throw new Refusal(
      githubError.validationFailed(context.operation.documentationUrl, {
        resource: "IssueComment",
        code: "unprocessable",
        field: "data",
        message: "Body is too long (maximum is 65536 characters)",
      }),
    );
  }
}

/** `/repositories/{id}/...` in place of `/repos/{owner}/{repo}/...`, as GitHub writes its Link headers. */
function linkBase(context: RequestContext, repository: TestRepository): string {
  const prefix = /^\/repos\/[^/]+\/[^/]+/;
  return `${context.site.api}${context.pathname.replace(prefix, `/repositories/${repository.id}`)}`;
}
