/**
 * What the test GitHub knows: users, apps and their installations, repositories (each a
 * real git repository), pull requests, and what was posted on them. Tests set it up through
 * the methods here and read it back (reviews, comments) to assert what an adapter did.
 */
import type { KeyObject } from "node:crypto";
import { type ChangedFile, changedFiles, type GitRunner, resolveCommit } from "./git-reader.js";
import type { IssueCommentRecord, ReviewCommentRecord, ReviewRecord, UserRecord } from "./payloads.js";

export type Role = "admin" | "maintain" | "write" | "triage" | "read";

export interface AppRecord {
  id: string;
  slug: string;
  publicKey: KeyObject;
  /** `<slug>[bot]`: the author of everything written with the app's installation tokens. */
  bot: UserRecord;
}

export interface InstallationRecord {
  id: number;
  app: AppRecord;
  account: UserRecord;
  /** Repository names under `account`, or every repository of the account. */
  repositories: string[] | "all";
}

/** Who a token speaks for. */
export type Principal =
  | { kind: "user"; user: UserRecord }
  | { kind: "installation"; installation: InstallationRecord; user: UserRecord }
  | { kind: "actions"; repository: string; write: boolean; user: UserRecord }
  | { kind: "app"; app: AppRecord };

export class Ids {
  private next = 1000;
  take(): number {
    return this.next++;
  }
}

export class Users {
  private readonly byLogin = new Map<string, UserRecord>();
  constructor(private readonly ids: Ids) {}

  /** The user with this login, created on first mention. Logins ending in `[bot]` are bots. */
  get(login: string, id?: number): UserRecord {
    let user = this.byLogin.get(login.toLowerCase());
    if (!user) {
      user = { login, id: id ?? this.ids.take(), type: login.endsWith("[bot]") ? "Bot" : "User" };
      this.byLogin.set(login.toLowerCase(), user);
    }
    return user;
  }

  find(login: string): UserRecord | undefined {
    return this.byLogin.get(login.toLowerCase());
  }
}

/** The `GITHUB_TOKEN` of a workflow run writes as this user (its real id on github.com). */
export const ACTIONS_BOT_LOGIN = "github-actions[bot]";
export const ACTIONS_BOT_ID = 41898282;

export interface PullRequestSetup {
  /** Defaults to the next free number of the repository. */
  number?: number;
  title: string;
  body?: string | null;
  author: string;
  draft?: boolean;
  /** `sha` defaults to what `ref` names in the repository now. */
  base: { ref: string; sha?: string };
  head: { ref: string; sha?: string };
  /** Login owning the fork the head branch lives in, for a pull request from a fork. */
  forkOwner?: string;
}

export interface RepositorySetup {
  owner: string;
  name: string;
  /** The repository GitHub answers from (see test/support/git-repo.ts). */
  git: GitRunner;
  defaultBranch?: string;
  /** Collaborators and their role; the owner is admin without being listed. */
  collaborators?: Record<string, Role>;
  /** Organization members: their author_association is MEMBER. */
  members?: string[];
  /** The setting "Allow GitHub Actions to create and approve pull requests"; off by default, as on new repositories. */
  actionsMayApprove?: boolean;
}

export interface Limits {
  maxPatchBytes: number;
}

export class TestPullRequest {
  readonly id: number;
  title: string;
  body: string | null;
  draft: boolean;
  state: "open" | "closed" = "open";
  baseRef: string;
  baseSha: string;
  headRef: string;
  /** Every head the pull request has had, oldest first; a review's `commit_id` must be one of them. */
  readonly headShas: string[];
  readonly createdAt: string;
  updatedAt: string;

  constructor(
    readonly repository: TestRepository,
    readonly number: number,
    readonly author: UserRecord,
    readonly fork: UserRecord | undefined,
    setup: { id: number; title: string; body: string | null; draft: boolean; baseRef: string; baseSha: string; headRef: string; headSha: string; now: string },
  ) {
    this.id = setup.id;
    this.title = setup.title;
    this.body = setup.body;
    this.draft = setup.draft;
    this.baseRef = setup.baseRef;
    this.baseSha = setup.baseSha;
    this.headRef = setup.headRef;
    this.headShas = [setup.headSha];
    this.createdAt = setup.now;
    this.updatedAt = setup.now;
  }

  get headSha(): string {
    return this.headShas.at(-1) ?? "";
  }

  /** A new head commit (a push to the branch). Earlier heads stay valid `commit_id`s, as on GitHub. */
  push(sha: string): void {
    const resolved = this.repository.commit(sha);
    if (!resolved) throw new Error(`push: ${sha} is not a commit of ${this.repository.fullName}`);
    this.headShas.push(resolved);
  }

  /** The files GitHub lists for this pull request at a head (default: the current one). */
  files(headSha = this.headSha): ChangedFile[] {
    return this.repository.diff(this.baseSha, headSha);
  }

  get reviews(): ReviewRecord[] {
    return this.repository.reviews.filter((review) => review.pullNumber === this.number);
  }

  get reviewComments(): ReviewCommentRecord[] {
    return this.repository.reviewComments.filter((comment) => comment.pullNumber === this.number);
  }

  get issueComments(): IssueCommentRecord[] {
    return this.repository.issueComments.filter((comment) => comment.issueNumber === this.number);
  }

  /** A conversation comment written by someone other than the code under test (e.g. "/review full"). */
  addIssueComment(author: string, body: string): IssueCommentRecord {
    return this.repository.addIssueComment(this.number, this.repository.users.get(author), body);
  }
}

export class TestRepository {
  readonly id: number;
  readonly owner: UserRecord;
  readonly name: string;
  readonly fullName: string;
  readonly git: GitRunner;
  readonly defaultBranch: string;
  readonly collaborators = new Map<string, Role>();
  readonly members = new Set<string>();
  actionsMayApprove: boolean;
  readonly pulls = new Map<number, TestPullRequest>();
  readonly issueComments: IssueCommentRecord[] = [];
  readonly reviews: ReviewRecord[] = [];
  readonly reviewComments: ReviewCommentRecord[] = [];
  private readonly forgotten = new Set<string>();
  private readonly diffs = new Map<string, ChangedFile[]>();

  constructor(
    setup: RepositorySetup,
    readonly users: Users,
    private readonly ids: Ids,
    private readonly limits: Limits,
    private readonly clock: () => string,
  ) {
    this.id = ids.take();
    this.owner = users.get(setup.owner);
    this.name = setup.name;
    this.fullName = `${setup.owner}/${setup.name}`;
    this.git = setup.git;
    this.defaultBranch = setup.defaultBranch ?? "main";
    this.actionsMayApprove = setup.actionsMayApprove ?? false;
    for (const [login, role] of Object.entries(setup.collaborators ?? {})) this.setRole(login, role);
    for (const login of setup.members ?? []) this.members.add(login.toLowerCase());
  }

  setRole(login: string, role: Role | undefined): void {
    this.users.get(login);
    if (role) this.collaborators.set(login.toLowerCase(), role);
    else this.collaborators.delete(login.toLowerCase());
  }

  addPullRequest(setup: PullRequestSetup): TestPullRequest {
    const number = setup.number ?? Math.max(0, ...this.pulls.keys()) + 1;
    if (this.pulls.has(number)) throw new Error(`${this.fullName} already has pull request #${number}`);
    const baseSha = this.commit(setup.base.sha ?? setup.base.ref);
    const headSha = this.commit(setup.head.sha ?? setup.head.ref);
    if (!baseSha || !headSha) throw new Error(`addPullRequest: base ${setup.base.sha ?? setup.base.ref} or head ${setup.head.sha ?? setup.head.ref} is not a commit of ${this.fullName}`);
    const pull = new TestPullRequest(this, number, this.users.get(setup.author), setup.forkOwner ? this.users.get(setup.forkOwner) : undefined, {
      id: this.ids.take(),
      title: setup.title,
      body: setup.body ?? null,
      draft: setup.draft ?? false,
      baseRef: setup.base.ref,
      baseSha,
      headRef: setup.head.ref,
      headSha,
      now: this.clock(),
    });
    this.pulls.set(number, pull);
    return pull;
  }

  pull(number: number): TestPullRequest {
    const pull = this.pulls.get(number);
    if (!pull) throw new Error(`${this.fullName} has no pull request #${number}`);
    return pull;
  }

  /** GitHub no longer knows this commit (force-pushed away and collected): compare and contents answer 404. */
  forgetCommit(sha: string): void {
    this.forgotten.add(this.commit(sha) ?? sha);
  }

  /** The full SHA a ref names, or undefined when GitHub would not know it. */
  commit(ref: string): string | undefined {
    const sha = resolveCommit(this.git, ref);
    return sha && !this.forgotten.has(sha) ? sha : undefined;
  }

  diff(base: string, head: string): ChangedFile[] {
    const key = `${base}...${head}`;
    let files = this.diffs.get(key);
    if (!files) {
      files = changedFiles(this.git, base, head, this.limits);
      this.diffs.set(key, files);
    }
    return files;
  }

  /** OWNER, MEMBER, COLLABORATOR or NONE, as GitHub writes in `author_association`. */
  association(user: UserRecord): string {
    const login = user.login.toLowerCase();
    if (login === this.owner.login.toLowerCase()) return "OWNER";
    if (this.members.has(login)) return "MEMBER";
    if (this.collaborators.has(login)) return "COLLABORATOR";
    return "NONE";
  }

  /** The collaborator permission endpoint's answer: legacy `permission` and `role_name`. */
  permission(user: UserRecord): { permission: "admin" | "write" | "read" | "none"; role_name: string } {
    const login = user.login.toLowerCase();
    const role = login === this.owner.login.toLowerCase() ? "admin" : this.collaborators.get(login);
    if (!role) return { permission: "none", role_name: "none" };
    const legacy = role === "maintain" ? "write" : role === "triage" ? "read" : role;
    return { permission: legacy, role_name: role };
  }

  addIssueComment(issueNumber: number, user: UserRecord, body: string): IssueCommentRecord {
    const now = this.clock();
    const comment: IssueCommentRecord = {
      id: this.ids.take(),
      issueNumber,
      body,
      user,
      authorAssociation: this.association(user),
      createdAt: now,
      updatedAt: now,
      reactions: [],
    };
    this.issueComments.push(comment);
    return comment;
  }
}
