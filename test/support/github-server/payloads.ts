/**
 * GitHub-shaped JSON for what the server answers: users, repositories, pull requests, files,
 * comments, reviews. Every field GitHub's description marks required is present (the
 * server's own tests check its answers against the description), so code that reads these
 * answers reads what github.com sends. URLs point at the test server.
 */
import type { ChangedFile, CommitInfo } from "./git-reader.js";
import type { PlacedComment } from "./review-rules.js";

export interface Site {
  /** The API root, e.g. http://127.0.0.1:4321 (no trailing slash). */
  api: string;
  /** Stands in for https://github.com in html_url fields. */
  web: string;
}

export interface UserRecord {
  login: string;
  id: number;
  type: "User" | "Bot";
}

export function userJson(site: Site, user: UserRecord): Record<string, unknown> {
  const url = `${site.api}/users/${encodeURIComponent(user.login)}`;
  return {
    login: user.login,
    id: user.id,
    node_id: nodeId("U", user.id),
    avatar_url: `${site.web}/avatars/${user.id}`,
    gravatar_id: "",
    url,
    // Bots live under /apps/<slug> on github.com; "[bot]" would not be a valid URL.
    html_url: user.type === "Bot" ? `${site.web}/apps/${encodeURIComponent(user.login.replace(/\[bot\]$/, ""))}` : `${site.web}/${encodeURIComponent(user.login)}`,
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
    type: user.type,
    user_view_type: "public",
    site_admin: false,
  };
}

export function nodeId(prefix: string, id: number): string {
  return `${prefix}_${Buffer.from(String(id)).toString("base64url")}`;
}

export interface RepoJsonInput {
  id: number;
  owner: UserRecord;
  name: string;
  defaultBranch: string;
  fork: boolean;
}

const REPO_URL_FIELDS: [string, string][] = [
  ["archive_url", "/{archive_format}{/ref}"],
  ["assignees_url", "/assignees{/user}"],
  ["blobs_url", "/git/blobs{/sha}"],
  ["branches_url", "/branches{/branch}"],
  ["collaborators_url", "/collaborators{/collaborator}"],
  ["comments_url", "/comments{/number}"],
  ["commits_url", "/commits{/sha}"],
  ["compare_url", "/compare/{base}...{head}"],
  ["contents_url", "/contents/{+path}"],
  ["contributors_url", "/contributors"],
  ["deployments_url", "/deployments"],
  ["downloads_url", "/downloads"],
  ["events_url", "/events"],
  ["forks_url", "/forks"],
  ["git_commits_url", "/git/commits{/sha}"],
  ["git_refs_url", "/git/refs{/sha}"],
  ["git_tags_url", "/git/tags{/sha}"],
  ["hooks_url", "/hooks"],
  ["issue_comment_url", "/issues/comments{/number}"],
  ["issue_events_url", "/issues/events{/number}"],
  ["issues_url", "/issues{/number}"],
  ["keys_url", "/keys{/key_id}"],
  ["labels_url", "/labels{/name}"],
  ["languages_url", "/languages"],
  ["merges_url", "/merges"],
  ["milestones_url", "/milestones{/number}"],
  ["notifications_url", "/notifications{?since,all,participating}"],
  ["pulls_url", "/pulls{/number}"],
  ["releases_url", "/releases{/id}"],
  ["stargazers_url", "/stargazers"],
  ["statuses_url", "/statuses/{sha}"],
  ["subscribers_url", "/subscribers"],
  ["subscription_url", "/subscription"],
  ["tags_url", "/tags"],
  ["teams_url", "/teams"],
  ["trees_url", "/git/trees{/sha}"],
];

const FIXED_TIME = "2024-01-02T03:04:05Z";

export function repoJson(site: Site, repo: RepoJsonInput): Record<string, unknown> {
  const fullName = `${repo.owner.login}/${repo.name}`;
  const url = `${site.api}/repos/${fullName}`;
  const json: Record<string, unknown> = {
    id: repo.id,
    node_id: nodeId("R", repo.id),
    name: repo.name,
    full_name: fullName,
    owner: userJson(site, repo.owner),
    private: false,
    html_url: `${site.web}/${fullName}`,
    description: null,
    fork: repo.fork,
    url,
    clone_url: `${site.web}/${fullName}.git`,
    git_url: `git://127.0.0.1/${fullName}.git`,
    ssh_url: `git@127.0.0.1:${fullName}.git`,
    svn_url: `${site.web}/${fullName}`,
    mirror_url: null,
    homepage: null,
    language: null,
    default_branch: repo.defaultBranch,
    forks: 0,
    forks_count: 0,
    stargazers_count: 0,
    watchers: 0,
    watchers_count: 0,
    open_issues: 0,
    open_issues_count: 0,
    size: 1,
    has_downloads: true,
    has_issues: true,
    has_projects: true,
    has_wiki: true,
    has_pages: false,
    archived: false,
    disabled: false,
    license: null,
    visibility: "public",
    pushed_at: FIXED_TIME,
    created_at: FIXED_TIME,
    updated_at: FIXED_TIME,
  };
  for (const [field, suffix] of REPO_URL_FIELDS) json[field] = `${url}${suffix}`;
  return json;
}

export interface PullJsonInput {
  number: number;
  id: number;
  title: string;
  body: string | null;
  user: UserRecord;
  authorAssociation: string;
  draft: boolean;
  state: "open" | "closed";
  base: { ref: string; sha: string; repo: RepoJsonInput };
  head: { ref: string; sha: string; repo: RepoJsonInput };
  additions: number;
  deletions: number;
  changedFiles: number;
  commits: number;
  comments: number;
  reviewComments: number;
  createdAt: string;
  updatedAt: string;
}

export function pullJson(site: Site, pull: PullJsonInput): Record<string, unknown> {
  const repoUrl = `${site.api}/repos/${pull.base.repo.owner.login}/${pull.base.repo.name}`;
  const url = `${repoUrl}/pulls/${pull.number}`;
  const html = `${site.web}/${pull.base.repo.owner.login}/${pull.base.repo.name}/pull/${pull.number}`;
  const issueUrl = `${repoUrl}/issues/${pull.number}`;
  const side = (branch: PullJsonInput["base"]) => ({
    label: `${branch.repo.owner.login}:${branch.ref}`,
    ref: branch.ref,
    sha: branch.sha,
    user: userJson(site, branch.repo.owner),
    repo: repoJson(site, branch.repo),
  });
  return {
    url,
    id: pull.id,
    node_id: nodeId("PR", pull.id),
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: issueUrl,
    commits_url: `${url}/commits`,
    review_comments_url: `${url}/comments`,
    review_comment_url: `${repoUrl}/pulls/comments{/number}`,
    comments_url: `${issueUrl}/comments`,
    statuses_url: `${repoUrl}/statuses/${pull.head.sha}`,
    number: pull.number,
    state: pull.state,
    locked: false,
    title: pull.title,
    user: userJson(site, pull.user),
    body: pull.body,
    labels: [],
    milestone: null,
    active_lock_reason: null,
    created_at: pull.createdAt,
    updated_at: pull.updatedAt,
    closed_at: null,
    merged_at: null,
    merge_commit_sha: null,
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    head: side(pull.head),
    base: side(pull.base),
    _links: {
      self: { href: url },
      html: { href: html },
      issue: { href: issueUrl },
      comments: { href: `${issueUrl}/comments` },
      review_comments: { href: `${url}/comments` },
      review_comment: { href: `${repoUrl}/pulls/comments{/number}` },
      commits: { href: `${url}/commits` },
      statuses: { href: `${repoUrl}/statuses/${pull.head.sha}` },
    },
    author_association: pull.authorAssociation,
    auto_merge: null,
    draft: pull.draft,
    merged: false,
    mergeable: true,
    rebaseable: true,
    mergeable_state: "clean",
    merged_by: null,
    comments: pull.comments,
    review_comments: pull.reviewComments,
    maintainer_can_modify: false,
    commits: pull.commits,
    additions: pull.additions,
    deletions: pull.deletions,
    changed_files: pull.changedFiles,
  };
}

export function fileJson(site: Site, fullName: string, headSha: string, file: ChangedFile): Record<string, unknown> {
  const path = file.path.split("/").map(encodeURIComponent).join("/");
  return {
    sha: file.blobSha,
    filename: file.path,
    status: file.status,
    additions: file.additions,
    deletions: file.deletions,
    changes: file.additions + file.deletions,
    blob_url: `${site.web}/${fullName}/blob/${headSha}/${path}`,
    raw_url: `${site.web}/${fullName}/raw/${headSha}/${path}`,
    contents_url: `${site.api}/repos/${fullName}/contents/${path}?ref=${headSha}`,
    ...(file.patch === null ? {} : { patch: file.patch }),
    ...(file.previousPath === undefined ? {} : { previous_filename: file.previousPath }),
  };
}

export function contentLinks(site: Site, fullName: string, path: string, sha: string, kind: "blob" | "tree", ref: string) {
  const encoded = path.split("/").map(encodeURIComponent).join("/");
  const self = `${site.api}/repos/${fullName}/contents/${encoded}?ref=${encodeURIComponent(ref)}`;
  const git = `${site.api}/repos/${fullName}/git/${kind === "blob" ? "blobs" : "trees"}/${sha}`;
  const html = `${site.web}/${fullName}/${kind}/${encodeURIComponent(ref)}/${encoded}`;
  return { url: self, git_url: git, html_url: html, download_url: kind === "blob" ? `${site.web}/${fullName}/raw/${ref}/${encoded}` : null, _links: { self, git, html } };
}

/** Base64 in lines of 60 characters, as the contents API sends it. */
export function base64Lines(content: Buffer): string {
  const text = content.toString("base64");
  const lines: string[] = [];
  for (let at = 0; at < text.length; at += 60) lines.push(text.slice(at, at + 60));
  return lines.length ? `${lines.join("\n")}\n` : "";
}

export function commitJson(site: Site, fullName: string, commit: CommitInfo): Record<string, unknown> {
  const url = `${site.api}/repos/${fullName}/commits/${commit.sha}`;
  return {
    url,
    sha: commit.sha,
    node_id: nodeId("C", parseInt(commit.sha.slice(0, 8), 16)),
    html_url: `${site.web}/${fullName}/commit/${commit.sha}`,
    comments_url: `${url}/comments`,
    commit: {
      url: `${site.api}/repos/${fullName}/git/commits/${commit.sha}`,
      author: commit.author,
      committer: commit.committer,
      message: commit.message,
      comment_count: 0,
      tree: { sha: commit.tree, url: `${site.api}/repos/${fullName}/git/trees/${commit.tree}` },
      verification: { verified: false, reason: "unsigned", signature: null, payload: null, verified_at: null },
    },
    author: null,
    committer: null,
    parents: commit.parents.map((sha) => ({ sha, url: `${site.api}/repos/${fullName}/commits/${sha}`, html_url: `${site.web}/${fullName}/commit/${sha}` })),
  };
}

export interface IssueCommentRecord {
  id: number;
  issueNumber: number;
  body: string;
  user: UserRecord;
  authorAssociation: string;
  createdAt: string;
  updatedAt: string;
  reactions: ReactionRecord[];
}

export interface ReactionRecord {
  id: number;
  user: UserRecord;
  content: string;
  createdAt: string;
}

export function issueCommentJson(site: Site, fullName: string, comment: IssueCommentRecord): Record<string, unknown> {
  const url = `${site.api}/repos/${fullName}/issues/comments/${comment.id}`;
  const count = (content: string) => comment.reactions.filter((reaction) => reaction.content === content).length;
  return {
    id: comment.id,
    node_id: nodeId("IC", comment.id),
    url,
    html_url: `${site.web}/${fullName}/pull/${comment.issueNumber}#issuecomment-${comment.id}`,
    body: comment.body,
    user: userJson(site, comment.user),
    created_at: comment.createdAt,
    updated_at: comment.updatedAt,
    issue_url: `${site.api}/repos/${fullName}/issues/${comment.issueNumber}`,
    author_association: comment.authorAssociation,
    reactions: {
      url: `${url}/reactions`,
      total_count: comment.reactions.length,
      "+1": count("+1"),
      "-1": count("-1"),
      laugh: count("laugh"),
      confused: count("confused"),
      heart: count("heart"),
      hooray: count("hooray"),
      eyes: count("eyes"),
      rocket: count("rocket"),
    },
  };
}

export function reactionJson(site: Site, reaction: ReactionRecord): Record<string, unknown> {
  return {
    id: reaction.id,
    node_id: nodeId("REA", reaction.id),
    user: userJson(site, reaction.user),
    content: reaction.content,
    created_at: reaction.createdAt,
  };
}

export interface ReviewRecord {
  id: number;
  pullNumber: number;
  user: UserRecord;
  authorAssociation: string;
  body: string;
  state: "APPROVED" | "CHANGES_REQUESTED" | "COMMENTED" | "PENDING";
  commitId: string;
  submittedAt: string;
}

export function reviewJson(site: Site, fullName: string, review: ReviewRecord): Record<string, unknown> {
  const pullUrl = `${site.api}/repos/${fullName}/pulls/${review.pullNumber}`;
  const html = `${site.web}/${fullName}/pull/${review.pullNumber}#pullrequestreview-${review.id}`;
  return {
    id: review.id,
    node_id: nodeId("PRR", review.id),
    user: userJson(site, review.user),
    body: review.body,
    state: review.state,
    html_url: html,
    pull_request_url: pullUrl,
    author_association: review.authorAssociation,
    _links: { html: { href: html }, pull_request: { href: pullUrl } },
    ...(review.state === "PENDING" ? {} : { submitted_at: review.submittedAt }),
    commit_id: review.commitId,
  };
}

export interface ReviewCommentRecord extends PlacedComment {
  id: number;
  reviewId: number;
  pullNumber: number;
  user: UserRecord;
  authorAssociation: string;
  commitId: string;
  createdAt: string;
}

export function reviewCommentJson(site: Site, fullName: string, comment: ReviewCommentRecord): Record<string, unknown> {
  const url = `${site.api}/repos/${fullName}/pulls/comments/${comment.id}`;
  const pullUrl = `${site.api}/repos/${fullName}/pulls/${comment.pullNumber}`;
  const html = `${site.web}/${fullName}/pull/${comment.pullNumber}#discussion_r${comment.id}`;
  return {
    url,
    pull_request_review_id: comment.reviewId,
    id: comment.id,
    node_id: nodeId("PRRC", comment.id),
    diff_hunk: comment.diff_hunk,
    path: comment.path,
    position: comment.position,
    original_position: comment.position,
    commit_id: comment.commitId,
    original_commit_id: comment.commitId,
    user: userJson(site, comment.user),
    body: comment.body,
    created_at: comment.createdAt,
    updated_at: comment.createdAt,
    html_url: html,
    pull_request_url: pullUrl,
    author_association: comment.authorAssociation,
    _links: { self: { href: url }, html: { href: html }, pull_request: { href: pullUrl } },
    start_line: comment.start_line,
    original_start_line: comment.start_line,
    start_side: comment.start_side,
    line: comment.line,
    original_line: comment.line,
    side: comment.side,
    subject_type: "line",
  };
}
