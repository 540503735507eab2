/**
 * What the test GitLab knows: users and their tokens, projects (each a real git repository)
 * with direct and inherited members, merge requests with their diff versions, and what was
 * written on them (notes, discussions, award emoji, approvals). Tests set it up through the
 * methods here and read it back to assert what an adapter did.
 */
import { randomBytes } from "node:crypto";
import { type GitRunner, mergeBase, resolveCommit } from "../github-server/git-reader.js";
import type { Caller, TokenScope, Visibility } from "./access-rules.js";
import { type DiffFile, readDiffFiles } from "./diff-files.js";
import type { StoredPosition, VersionDiff } from "./position-rules.js";

export interface UserRecord {
  id: number;
  username: string;
  name: string;
  /** Project and group access tokens act as bot users. */
  bot: boolean;
}

export interface AwardRecord {
  id: number;
  name: string;
  user: UserRecord;
  createdAt: string;
}

export interface NoteRecord {
  id: number;
  mergeRequestIid: number;
  discussionId: string;
  /** null for a plain comment, "DiscussionNote" in a thread, "DiffNote" on a diff line. */
  type: null | "DiscussionNote" | "DiffNote";
  body: string;
  author: UserRecord;
  createdAt: string;
  updatedAt: string;
  system: boolean;
  position: StoredPosition | undefined;
  lineCode: string | undefined;
  awards: AwardRecord[];
}

export interface DiscussionRecord {
  /** 40 hex characters, as GitLab's discussion ids. */
  id: string;
  mergeRequestIid: number;
  individualNote: boolean;
  notes: NoteRecord[];
}

export interface VersionRecord {
  id: number;
  baseSha: string;
  startSha: string;
  headSha: string;
  createdAt: string;
}

export class Ids {
  private next = 100;
  take(): number {
    return this.next++;
  }
}

export class World {
  readonly ids = new Ids();
  private readonly users = new Map<string, UserRecord>();
  private readonly tokens = new Map<string, Caller>();
  private readonly projects = new Map<number, TestProject>();

  constructor(readonly clock: () => Date) {}

  now(): string {
    return this.clock().toISOString();
  }

  /** The user with this username, created on first mention. */
  user(username: string, options: { name?: string; bot?: boolean } = {}): UserRecord {
    let user = this.users.get(username.toLowerCase());
    if (!user) {
      user = { id: this.ids.take(), username, name: options.name ?? username, bot: options.bot ?? false };
      this.users.set(username.toLowerCase(), user);
    }
    return user;
  }

  findUser(username: string): UserRecord | undefined {
    return this.users.get(username.toLowerCase());
  }

  userById(id: number): UserRecord | undefined {
    return [...this.users.values()].find((user) => user.id === id);
  }

  issueToken(caller: Caller, prefix: string): string {
    const token = `${prefix}${randomBytes(10).toString("hex")}`;
    this.tokens.set(token, caller);
    return token;
  }

  caller(token: string): Caller | undefined {
    return this.tokens.get(token);
  }

  addProject(setup: ProjectSetup): TestProject {
    const [namespace = "", name = ""] = splitPath(setup.path);
    if (!namespace || !name) throw new Error(`addProject: path ${JSON.stringify(setup.path)} must be "namespace/name"`);
    if (this.project(setup.path)) throw new Error(`addProject: ${setup.path} exists already`);
    const project = new TestProject(this, this.ids.take(), namespace, name, setup);
    this.projects.set(project.id, project);
    return project;
  }

  /** A project by numeric id (as a string or number) or by its full path. */
  project(idOrPath: string | number): TestProject | undefined {
    if (typeof idOrPath === "number" || /^\d+$/.test(idOrPath)) return this.projects.get(Number(idOrPath));
    return [...this.projects.values()].find((project) => project.path.toLowerCase() === idOrPath.toLowerCase());
  }
}

function splitPath(path: string): [string, string] {
  const cut = path.lastIndexOf("/");
  return cut < 0 ? ["", path] : [path.slice(0, cut), path.slice(cut + 1)];
}

export interface ProjectSetup {
  /** "namespace/name" (namespaces may nest: "acme/tools/widgets"). */
  path: string;
  /** The repository GitLab answers from (see test/support/git-repo.ts). */
  git: GitRunner;
  defaultBranch?: string;
  /** Default "private": anonymous callers (and CI job tokens) get 404 on reads. */
  visibility?: Visibility;
  /** Direct members and their access level (10 Guest ... 50 Owner). */
  members?: Record<string, number>;
  /** Members of the parent groups: listed by `/members/all`, not by `/members`. */
  inheritedMembers?: Record<string, number>;
  /** Whether authors may approve their own merge requests. Default true (GitLab's default without approval rules). */
  authorMayApprove?: boolean;
}

export interface MergeRequestSetup {
  /** Defaults to the next free iid of the project. */
  iid?: number;
  title: string;
  description?: string;
  author: string;
  draft?: boolean;
  /** `sha` defaults to what `branch` names in the repository now. */
  target: { branch: string; sha?: string };
  source: { branch: string; sha?: string };
}

export class TestProject {
  readonly path: string;
  readonly git: GitRunner;
  readonly defaultBranch: string;
  visibility: Visibility;
  authorMayApprove: boolean;
  readonly members = new Map<string, number>();
  readonly inheritedMembers = new Map<string, number>();
  readonly mergeRequests = new Map<number, TestMergeRequest>();
  readonly discussions: DiscussionRecord[] = [];
  private readonly diffs = new Map<string, DiffFile[]>();

  constructor(
    readonly world: World,
    readonly id: number,
    readonly namespace: string,
    readonly name: string,
    setup: ProjectSetup,
  ) {
    this.path = `${namespace}/${name}`;
    this.git = setup.git;
    this.defaultBranch = setup.defaultBranch ?? "main";
    this.visibility = setup.visibility ?? "private";
    this.authorMayApprove = setup.authorMayApprove ?? true;
    for (const [username, level] of Object.entries(setup.members ?? {})) this.setMember(username, level);
    for (const [username, level] of Object.entries(setup.inheritedMembers ?? {})) this.setInheritedMember(username, level);
  }

  /** A direct member's level; undefined removes the membership. */
  setMember(username: string, level: number | undefined): void {
    this.world.user(username);
    if (level === undefined) this.members.delete(username.toLowerCase());
    else this.members.set(username.toLowerCase(), level);
  }

  setInheritedMember(username: string, level: number | undefined): void {
    this.world.user(username);
    if (level === undefined) this.inheritedMembers.delete(username.toLowerCase());
    else this.inheritedMembers.set(username.toLowerCase(), level);
  }

  /** The user's effective level (the higher of direct and inherited), as `/members/all/:user_id` reports it. */
  level(username: string): number | undefined {
    const levels = [this.members.get(username.toLowerCase()), this.inheritedMembers.get(username.toLowerCase())].filter((level) => level !== undefined);
    return levels.length ? Math.max(...levels) : undefined;
  }

  addMergeRequest(setup: MergeRequestSetup): TestMergeRequest {
    const iid = setup.iid ?? Math.max(0, ...this.mergeRequests.keys()) + 1;
    if (this.mergeRequests.has(iid)) throw new Error(`${this.path} already has merge request !${iid}`);
    const targetSha = this.commit(setup.target.sha ?? setup.target.branch);
    const headSha = this.commit(setup.source.sha ?? setup.source.branch);
    if (!targetSha) throw new Error(`addMergeRequest: no commit for target ${setup.target.sha ?? setup.target.branch}`);
    if (!headSha) throw new Error(`addMergeRequest: no commit for source ${setup.source.sha ?? setup.source.branch}`);
    const request = new TestMergeRequest(this, iid, this.world.ids.take(), this.world.user(setup.author), setup, targetSha, headSha);
    this.mergeRequests.set(iid, request);
    return request;
  }

  mergeRequest(iid: number): TestMergeRequest {
    const request = this.mergeRequests.get(iid);
    if (!request) throw new Error(`${this.path} has no merge request !${iid}`);
    return request;
  }

  /** The full SHA a ref names, or undefined when the repository does not have it. */
  commit(ref: string): string | undefined {
    return resolveCommit(this.git, ref);
  }

  diff(base: string, head: string): DiffFile[] {
    const key = `${base}...${head}`;
    let files = this.diffs.get(key);
    if (!files) {
      files = readDiffFiles(this.git, base, head);
      this.diffs.set(key, files);
    }
    return files;
  }

  /** Creates a discussion holding one note; `individualNote` for a plain comment (`POST .../notes`). */
  addDiscussion(o: { mergeRequestIid: number; author: UserRecord; body: string; individualNote: boolean; position?: StoredPosition; lineCode?: string; system?: boolean }): NoteRecord {
    const now = this.world.now();
    const id = randomBytes(20).toString("hex");
    const note: NoteRecord = {
      id: this.world.ids.take(),
      mergeRequestIid: o.mergeRequestIid,
      discussionId: id,
      type: o.position ? "DiffNote" : o.individualNote ? null : "DiscussionNote",
      body: o.body,
      author: o.author,
      createdAt: now,
      updatedAt: now,
      system: o.system ?? false,
      position: o.position,
      lineCode: o.lineCode,
      awards: [],
    };
    this.discussions.push({ id, mergeRequestIid: o.mergeRequestIid, individualNote: o.individualNote, notes: [note] });
    return note;
  }
}

export class TestMergeRequest {
  title: string;
  description: string;
  draft: boolean;
  state: "opened" | "closed" | "merged" = "opened";
  readonly sourceBranch: string;
  readonly targetBranch: string;
  /** Every version (push) of the merge request, oldest first; a position may name any of them. */
  readonly versions: VersionRecord[] = [];
  /** Usernames that approved. */
  readonly approvals = new Set<string>();
  readonly createdAt: string;
  updatedAt: string;

  constructor(
    readonly project: TestProject,
    readonly iid: number,
    readonly id: number,
    readonly author: UserRecord,
    setup: MergeRequestSetup,
    targetSha: string,
    headSha: string,
  ) {
    this.title = setup.title;
    this.description = setup.description ?? "";
    this.draft = setup.draft ?? false;
    this.sourceBranch = setup.source.branch;
    this.targetBranch = setup.target.branch;
    this.createdAt = project.world.now();
    this.updatedAt = this.createdAt;
    this.addVersion(targetSha, headSha);
  }

  get diffRefs(): { base_sha: string; start_sha: string; head_sha: string } {
    const latest = this.versions.at(-1)!;
    return { base_sha: latest.baseSha, start_sha: latest.startSha, head_sha: latest.headSha };
  }

  get headSha(): string {
    return this.versions.at(-1)!.headSha;
  }

  /** A push to the source branch: a new version. `targetSha` moves the target branch too (default: where it was). */
  push(sha: string, options: { targetSha?: string } = {}): VersionRecord {
    const head = this.project.commit(sha);
    if (!head) throw new Error(`push: ${sha} is not a commit of ${this.project.path}`);
    const target = options.targetSha === undefined ? this.versions.at(-1)!.startSha : this.project.commit(options.targetSha);
    if (!target) throw new Error(`push: ${options.targetSha} is not a commit of ${this.project.path}`);
    return this.addVersion(target, head);
  }

  private addVersion(startSha: string, headSha: string): VersionRecord {
    const baseSha = mergeBase(this.project.git, startSha, headSha);
    if (!baseSha) throw new Error(`${this.project.path} !${this.iid}: ${startSha} and ${headSha} have no common ancestor`);
    const version = { id: this.project.world.ids.take(), baseSha, startSha, headSha, createdAt: this.project.world.now() };
    this.versions.push(version);
    this.updatedAt = version.createdAt;
    return version;
  }

  /** The files of a version's diff (default: the latest). */
  files(version: VersionRecord = this.versions.at(-1)!): DiffFile[] {
    return this.project.diff(version.baseSha, version.headSha);
  }

  /** Every version with its files, for the position rules. */
  versionDiffs(): VersionDiff[] {
    return this.versions.map((version) => ({
      baseSha: version.baseSha,
      startSha: version.startSha,
      headSha: version.headSha,
      files: this.files(version).map((file) => ({ oldPath: file.oldPath, newPath: file.newPath, hunks: file.hunks })),
    }));
  }

  get discussions(): DiscussionRecord[] {
    return this.project.discussions.filter((discussion) => discussion.mergeRequestIid === this.iid);
  }

  /** Every note, oldest first (the API lists newest first by default). */
  get notes(): NoteRecord[] {
    return this.discussions.flatMap((discussion) => discussion.notes).sort((a, b) => a.id - b.id);
  }

  /** Notes on diff lines (discussions with a position). */
  get diffNotes(): NoteRecord[] {
    return this.notes.filter((note) => note.type === "DiffNote");
  }

  /** A comment written by someone other than the code under test (e.g. "/review full"). */
  addNote(author: string, body: string): NoteRecord {
    return this.project.addDiscussion({ mergeRequestIid: this.iid, author: this.project.world.user(author), body, individualNote: true });
  }

  note(id: number): NoteRecord | undefined {
    return this.notes.find((note) => note.id === id);
  }
}
