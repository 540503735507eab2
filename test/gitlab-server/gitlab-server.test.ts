/**
 * The test GitLab server through the real @gitbeaker/rest: what an adapter will meet on a
 * GitLab instance, including gitbeaker's own habits (it follows `Link` rel="next", and
 * retries 429 and 502 by itself).
 */
import { Gitlab, GitbeakerRequestError, GitbeakerRetryError } from "@gitbeaker/rest";
import { afterEach, describe, expect, test } from "vitest";
import { createRepo, type Repo } from "../support/git-repo.js";
import { AccessLevel, fault, type GitLabServer, lineCode, startGitLabServer } from "../support/gitlab-server/index.js";

const DISCUSSIONS = "POST /projects/:id/merge_requests/:merge_request_iid/discussions";
const LINE_CODE_400 = `400 Bad request - Note {:line_code=>["can't be blank", "must be a valid line code"]}`;
const numbered = (count: number, change: (n: number) => string = String) => Array.from({ length: count }, (_, i) => `${change(i + 1)}\n`).join("");

let cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  const pending = cleanups.reverse();
  cleanups = [];
  const failures: unknown[] = [];
  for (const cleanup of pending) await Promise.resolve().then(cleanup).catch((error: unknown) => failures.push(error));
  if (failures.length) throw failures[0];
});

async function server(options?: Parameters<typeof startGitLabServer>[0]): Promise<GitLabServer> {
  const gitlab = await startGitLabServer(options);
  cleanups.push(() => gitlab.close());
  return gitlab;
}

function repo(): Repo {
  const git = createRepo();
  cleanups.push(() => git.cleanup());
  return git;
}

/**
 * acme/widgets with !1 by alice: `app.txt` (40 lines) changed at lines 5 and 30 (two hunks),
 * `new.txt` added, `gone.txt` deleted, `old-name.txt` renamed to `new-name.txt`, `logo.png` binary.
 */
async function widgets(options?: Parameters<typeof startGitLabServer>[0]) {
  const gitlab = await server(options);
  const git = repo();
  git.write("app.txt", numbered(40));
  git.write("gone.txt", "bye\n");
  git.write("old-name.txt", numbered(20, (n) => `row ${n}`));
  git.write(".ai-review.yml", "approve: true\n");
  const base = git.commit("base");
  git.git("checkout", "-q", "-b", "fix");
  git.write("app.txt", numbered(40, (n) => (n === 5 ? "five" : n === 30 ? "thirty" : String(n))));
  git.write("new.txt", "hello\n");
  git.remove("gone.txt");
  git.remove("old-name.txt");
  git.write("new-name.txt", numbered(20, (n) => `row ${n}`));
  git.write("logo.png", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3, 0, 0xff]));
  const head = git.commit("fix");
  const project = gitlab.addProject({ path: "acme/widgets", git, members: { alice: AccessLevel.developer, bob: AccessLevel.developer, gus: AccessLevel.guest }, inheritedMembers: { olga: AccessLevel.owner } });
  const mr = project.addMergeRequest({ title: "Fix numbers", description: "Spells two numbers.", author: "alice", target: { branch: "main" }, source: { branch: "fix" } });
  const bot = gitlab.projectAccessToken("acme/widgets", { name: "ai-review", accessLevel: AccessLevel.developer });
  const api = new Gitlab({ host: gitlab.url, token: bot.token });
  return { gitlab, git, project, mr, bot, api, base, head };
}

async function refusal(promise: Promise<unknown>): Promise<{ status: number; message: string; error: unknown }> {
  const error = await promise.then(
    () => {
      throw new Error("expected the request to be refused");
    },
    (caught: unknown) => caught,
  );
  if (!(error instanceof GitbeakerRequestError)) throw error;
  const response = (error.cause as { response: Response }).response;
  return { status: response.status, message: error.message, error };
}

describe("merge requests", () => {
  test("GET project and merge request by path or id: diff_refs, sha, author, draft", async () => {
    const { api, project, mr, base, head } = await widgets();
    expect(await api.Projects.show("acme/widgets")).toMatchObject({ id: project.id, path_with_namespace: "acme/widgets", default_branch: "main", visibility: "private" });
    const shown = await api.MergeRequests.show(project.id, 1);
    expect(shown).toMatchObject({ iid: 1, title: "Fix numbers", description: "Spells two numbers.", state: "opened", draft: false, sha: head, author: { username: "alice" }, changes_count: "5" });
    expect(shown.diff_refs).toEqual({ base_sha: base, start_sha: base, head_sha: head });
    mr.draft = true;
    expect(await api.MergeRequests.show("acme/widgets", 1)).toMatchObject({ draft: true, work_in_progress: true, title: "Draft: Fix numbers" });
    expect(await refusal(api.MergeRequests.show("acme/widgets", 9))).toMatchObject({ status: 404, message: "404 Merge Request Not Found" });
    expect(await refusal(api.Projects.show("acme/nothing"))).toMatchObject({ status: 404, message: "404 Project Not Found" });
  });

  test("diffs: headerless hunks with modes and flags; new, deleted, renamed and binary files", async () => {
    const { api } = await widgets();
    const diffs = await api.MergeRequests.allDiffs("acme/widgets", 1);
    const byPath = Object.fromEntries(diffs.map((diff) => [diff.new_path, diff]));
    expect(Object.keys(byPath).sort()).toEqual(["app.txt", "gone.txt", "logo.png", "new-name.txt", "new.txt"]);
    expect(byPath["app.txt"]).toMatchObject({ old_path: "app.txt", a_mode: "100644", b_mode: "100644", new_file: false, collapsed: false, too_large: false });
    expect(byPath["app.txt"]!.diff).toMatch(/^@@ -2,7 \+2,7 @@\n 2\n 3\n 4\n-5\n\+five\n[\s\S]*@@ -27,7 \+27,7 @@[\s\S]*\+thirty\n 31\n 32\n 33\n$/);
    expect(byPath["new.txt"]).toMatchObject({ new_file: true, a_mode: "0", diff: "@@ -0,0 +1 @@\n+hello\n" });
    expect(byPath["gone.txt"]).toMatchObject({ deleted_file: true, b_mode: "0", diff: "@@ -1 +0,0 @@\n-bye\n" });
    expect(byPath["new-name.txt"]).toMatchObject({ old_path: "old-name.txt", renamed_file: true, diff: "" });
    expect(byPath["logo.png"]!.diff).toBe("Binary files a/logo.png and b/logo.png differ\n");
  });

  test("diffs over more files than one page: gitbeaker follows the Link header; X-Next-Page and X-Total-Pages tell the same", async () => {
    const gitlab = await server();
    const git = repo();
    git.write("README.md", "readme\n");
    git.commit("base");
    git.git("checkout", "-q", "-b", "many");
    for (let n = 1; n <= 75; n++) git.write(`src/file-${String(n).padStart(2, "0")}.ts`, `export const n = ${n};\n`);
    git.commit("75 files");
    const project = gitlab.addProject({ path: "acme/many", git, members: { bot: AccessLevel.developer } });
    project.addMergeRequest({ title: "Many", author: "bot", target: { branch: "main" }, source: { branch: "many" } });
    const api = new Gitlab({ host: gitlab.url, token: gitlab.userToken("bot") });

    const all = await api.MergeRequests.allDiffs("acme/many", 1, { perPage: 30 });
    expect(all.map((diff) => diff.new_path)).toEqual(Array.from({ length: 75 }, (_, i) => `src/file-${String(i + 1).padStart(2, "0")}.ts`));
    const pages = gitlab.requestsTo("GET /projects/:id/merge_requests/:merge_request_iid/diffs");
    expect(pages.map((request) => request.query)).toEqual([{ per_page: "30" }, { per_page: "30", page: "2" }, { per_page: "30", page: "3" }]);

    const first = await api.MergeRequests.allDiffs("acme/many", 1, { perPage: 30, page: 1, showExpanded: true });
    expect(first.data).toHaveLength(30);
    expect(first.paginationInfo).toEqual({ total: 75, next: 2, current: 1, previous: null, perPage: 30, totalPages: 3 });
    const defaults = await api.MergeRequests.allDiffs("acme/many", 1, { page: 1, showExpanded: true });
    expect(defaults.paginationInfo).toMatchObject({ perPage: 20, totalPages: 4 });
  });

  test("per_page above 30 on diffs answers 500, as GitLab before 17.11 did (gitlab#427168)", async () => {
    const { api } = await widgets();
    expect(await refusal(api.MergeRequests.allDiffs("acme/widgets", 1, { perPage: 100 }))).toMatchObject({ status: 500, message: "500 Internal Server Error" });
  });

  test("a collapsed or too large file comes with an empty diff and says which", async () => {
    const { api } = await widgets({ limits: { collapseBytes: 20, tooLargeBytes: 60 } });
    const byPath = Object.fromEntries((await api.MergeRequests.allDiffs("acme/widgets", 1)).map((diff) => [diff.new_path, diff]));
    expect(byPath["app.txt"]).toMatchObject({ diff: "", too_large: true, collapsed: false });
    expect(byPath["new.txt"]).toMatchObject({ diff: "", too_large: false, collapsed: true });
    expect(byPath["gone.txt"]).toMatchObject({ diff: "@@ -1 +0,0 @@\n-bye\n", too_large: false, collapsed: false });
  });

  test("the deprecated /changes is refused with 410 and recorded as a violation", async () => {
    const { api, gitlab } = await widgets();
    expect(await refusal(api.MergeRequests.showChanges("acme/widgets", 1))).toMatchObject({ status: 410 });
    expect(gitlab.takeViolations().map((violation) => violation.kind)).toEqual(["deprecated"]);
  });

  test("raw files at a ref, 404 when absent; compare; versions after a push, newest first", async () => {
    const { api, git, mr, base, head } = await widgets();
    expect(await api.RepositoryFiles.showRaw("acme/widgets", ".ai-review.yml", base)).toBe("approve: true\n");
    expect(await refusal(api.RepositoryFiles.showRaw("acme/widgets", "new.txt", base))).toMatchObject({ status: 404, message: "404 File Not Found" });

    git.write("new.txt", "hello again\n");
    const second = git.commit("second");
    mr.push(second);
    const compared = await api.Repositories.compare("acme/widgets", head, second);
    expect(compared.commits?.map((commit) => commit.id)).toEqual([second]);
    expect(compared.diffs).toMatchObject([{ new_path: "new.txt", diff: "@@ -1 +1 @@\n-hello\n+hello again\n" }]);

    const versions = await api.MergeRequests.allDiffVersions("acme/widgets", 1);
    expect(versions.map((version) => version.head_commit_sha)).toEqual([second, head]);
    expect(versions[0]).toMatchObject({ base_commit_sha: base, start_commit_sha: base });
    expect((await api.MergeRequests.show("acme/widgets", 1)).diff_refs).toEqual({ base_sha: base, start_sha: base, head_sha: second });
  });
});

describe("discussions with a text position", () => {
  async function post(setup: Awaited<ReturnType<typeof widgets>>, lines: Record<string, unknown>, refs = setup.mr.diffRefs) {
    return setup.api.MergeRequestDiscussions.create("acme/widgets", 1, "A finding", {
      position: { baseSha: refs.base_sha, startSha: refs.start_sha, headSha: refs.head_sha, positionType: "text", oldPath: "app.txt", newPath: "app.txt", ...lines },
    });
  }

  test("new_line for an added line, old_line for a removed one, both for context: stored as DiffNotes by the token's user", async () => {
    const setup = await widgets();
    const added = await post(setup, { newLine: 5 });
    expect(added.notes?.[0]).toMatchObject({ type: "DiffNote", body: "A finding", author: { username: setup.bot.user.username }, position: { new_line: 5, old_line: null } });
    await post(setup, { oldLine: 5 });
    await post(setup, { oldLine: 4, newLine: 4 });
    await post(setup, { oldPath: "new.txt", newPath: "new.txt", newLine: 1 });
    // A pure rename has no hunks, so no line to sit on.
    expect(await refusal(post(setup, { oldPath: "old-name.txt", newPath: "new-name.txt", oldLine: 1, newLine: 1 }))).toMatchObject({ status: 400, message: LINE_CODE_400 });
    expect(setup.mr.diffNotes.map((note) => [note.position?.old_line, note.position?.new_line])).toEqual([[null, 5], [5, null], [4, 4], [null, 1]]);
    expect(setup.gitlab.takeViolations()).toEqual([]);
  });

  test.each([
    ["both numbers on an added line", { oldLine: 5, newLine: 5 }],
    ["new_line alone on a context line", { newLine: 4 }],
    ["a line outside the diff", { newLine: 15 }],
    ["a file the merge request does not change", { oldPath: "README.md", newPath: "README.md", newLine: 1 }],
  ])("%s: 400 line_code can't be blank", async (_name, lines) => {
    const setup = await widgets();
    expect(await refusal(post(setup, lines))).toMatchObject({ status: 400, message: LINE_CODE_400 });
    expect(setup.mr.discussions).toHaveLength(0);
  });

  test("SHAs that are no version's diff_refs: 400", async () => {
    const setup = await widgets();
    const stale = { ...setup.mr.diffRefs, head_sha: setup.base };
    expect(await refusal(post(setup, { newLine: 5 }, stale))).toMatchObject({ status: 400, message: LINE_CODE_400 });
  });

  test("a line_range inside one hunk is stored; across hunks it is 400", async () => {
    const setup = await widgets();
    const code = (old: number, now: number) => lineCode("app.txt", old, now);
    const inside = { start: { lineCode: code(2, 2), type: null, oldLine: 2, newLine: 2 }, end: { lineCode: code(6, 5), type: "new", oldLine: null, newLine: 5 } };
    const stored = await post(setup, { newLine: 5, lineRange: inside });
    expect(stored.notes?.[0]?.position).toMatchObject({ line_range: { start: { line_code: code(2, 2), old_line: 2, new_line: 2 }, end: { line_code: code(6, 5), new_line: 5 } } });

    const across = { start: { lineCode: code(2, 2), type: null, oldLine: 2, newLine: 2 }, end: { lineCode: code(31, 30), type: "new", oldLine: null, newLine: 30 } };
    const refused = await refusal(post(setup, { newLine: 30, lineRange: across }));
    expect(refused).toMatchObject({ status: 400, message: `400 Bad request - Note {:line_range=>["must be inside one hunk"]}` });
  });

  test("a position missing a SHA or with a mistyped line: Grape's 400, recorded as a violation", async () => {
    const setup = await widgets();
    const refused = await refusal(setup.api.MergeRequestDiscussions.create("acme/widgets", 1, "x", { position: { baseSha: setup.base, positionType: "text", newLine: "five" } as never }));
    expect(refused).toMatchObject({ status: 400, message: "position[start_sha] is missing, position[head_sha] is missing, position[new_line] is invalid" });
    expect(setup.gitlab.takeViolations()).toMatchObject([{ kind: "parameters" }]);
  });

  test("a discussion without a position, and the list of discussions", async () => {
    const setup = await widgets();
    await setup.api.MergeRequestDiscussions.create("acme/widgets", 1, "General remark");
    setup.mr.addNote("alice", "/review");
    const discussions = await setup.api.MergeRequestDiscussions.all("acme/widgets", 1);
    expect(discussions.map((discussion) => [discussion.individual_note, discussion.notes?.[0]?.type, discussion.notes?.[0]?.body])).toEqual([
      [false, "DiscussionNote", "General remark"],
      [true, null, "/review"],
    ]);
  });
});

describe("notes", () => {
  test("create, list (newest first, paginated), edit in place; authorship follows the token", async () => {
    const { api, gitlab, mr, bot } = await widgets();
    mr.addNote("alice", "first");
    const summary = await api.MergeRequestNotes.create("acme/widgets", 1, "<!-- ai-review:summary -->\nSummary");
    expect(summary).toMatchObject({ type: null, author: { username: bot.user.username }, noteable_iid: 1, noteable_type: "MergeRequest", system: false });
    for (let n = 0; n < 25; n++) mr.addNote("bob", `note ${n}`);
    const notes = await api.MergeRequestNotes.all("acme/widgets", 1);
    expect(notes).toHaveLength(27);
    expect(notes[0]!.body).toBe("note 24");
    expect(notes.at(-1)!.body).toBe("first");
    expect(gitlab.requestsTo("GET /projects/:id/merge_requests/:merge_request_iid/notes")).toHaveLength(2);
    const ascending = await api.MergeRequestNotes.all("acme/widgets", 1, { sort: "asc", perPage: 100 });
    expect(ascending[0]!.body).toBe("first");

    const edited = await api.MergeRequestNotes.edit("acme/widgets", 1, summary.id, { body: "Summary, edited" });
    expect(edited).toMatchObject({ id: summary.id, body: "Summary, edited" });
    expect(mr.note(summary.id)?.body).toBe("Summary, edited");
    expect(gitlab.writes().map((request) => request.route)).toEqual([
      "POST /projects/:id/merge_requests/:merge_request_iid/notes",
      "PUT /projects/:id/merge_requests/:merge_request_iid/notes/:note_id",
    ]);
  });

  test("only the author or a Maintainer edits a note; bodies over the limit and empty ones are refused", async () => {
    const { api, gitlab, mr } = await widgets({ limits: { noteMaxLength: 10 } });
    const other = mr.addNote("alice", "mine");
    expect(await refusal(api.MergeRequestNotes.edit("acme/widgets", 1, other.id, { body: "x" }))).toMatchObject({ status: 403, message: "403 Forbidden" });
    const owner = new Gitlab({ host: gitlab.url, token: gitlab.userToken("olga") });
    await owner.MergeRequestNotes.edit("acme/widgets", 1, other.id, { body: "fixed" });
    expect(await refusal(api.MergeRequestNotes.create("acme/widgets", 1, "x".repeat(11)))).toMatchObject({ status: 400, message: `400 Bad request - Note {:note=>["is too long (maximum is 10 characters)"]}` });
    expect(await refusal(api.MergeRequestNotes.create("acme/widgets", 1, " "))).toMatchObject({ status: 400, message: `400 Bad request - Note {:note=>["can't be blank"]}` });
  });

  test("award emoji on a note: eyes once, the second time 404", async () => {
    const { api, mr, bot } = await widgets();
    const command = mr.addNote("bob", "/review full");
    const award = await api.MergeRequestNoteAwardEmojis.award("acme/widgets", 1, command.id, "eyes");
    expect(award).toMatchObject({ name: "eyes", user: { username: bot.user.username }, awardable_id: command.id, awardable_type: "Note" });
    expect(command.awards.map((entry) => entry.name)).toEqual(["eyes"]);
    expect(await refusal(api.MergeRequestNoteAwardEmojis.award("acme/widgets", 1, command.id, "eyes"))).toMatchObject({ status: 404, message: "404 Award Emoji Name has already been taken Not Found" });
    expect(await api.MergeRequestNoteAwardEmojis.all("acme/widgets", 1, command.id)).toHaveLength(1);
  });
});

describe("approvals and members", () => {
  test("approve once, 401 the second time; unapprove; 404 unapproving again; 409 for a stale sha", async () => {
    const { api, mr, bot, base } = await widgets();
    expect(await api.MergeRequestApprovals.approve("acme/widgets", 1, { sha: mr.headSha })).toMatchObject({ approved: true, approved_by: [{ user: { username: bot.user.username } }] });
    expect(await refusal(api.MergeRequestApprovals.approve("acme/widgets", 1))).toMatchObject({ status: 401, message: "401 Unauthorized" });
    expect(await api.MergeRequestApprovals.unapprove("acme/widgets", 1)).toMatchObject({ approved: false });
    expect(await refusal(api.MergeRequestApprovals.unapprove("acme/widgets", 1))).toMatchObject({ status: 404 });
    expect(await refusal(api.MergeRequestApprovals.approve("acme/widgets", 1, { sha: base }))).toMatchObject({ status: 409 });
    expect(mr.approvals.size).toBe(0);
  });

  test("a Guest cannot approve", async () => {
    const { gitlab } = await widgets();
    const guest = new Gitlab({ host: gitlab.url, token: gitlab.userToken("gus") });
    expect(await refusal(guest.MergeRequestApprovals.approve("acme/widgets", 1))).toMatchObject({ status: 401 });
  });

  test("members/all includes inherited members with their access level; members/:user_id only direct ones", async () => {
    const { api, gitlab } = await widgets();
    const [bob, gus, olga, stranger] = ["bob", "gus", "olga", "stranger"].map((name) => gitlab.user(name).id) as [number, number, number, number];
    expect(await api.ProjectMembers.show("acme/widgets", bob, { includeInherited: true })).toMatchObject({ username: "bob", access_level: 30 });
    expect(await api.ProjectMembers.show("acme/widgets", gus, { includeInherited: true })).toMatchObject({ access_level: 10 });
    expect(await api.ProjectMembers.show("acme/widgets", olga, { includeInherited: true })).toMatchObject({ access_level: 50 });
    expect(await refusal(api.ProjectMembers.show("acme/widgets", olga))).toMatchObject({ status: 404, message: "404 Not found" });
    expect(await refusal(api.ProjectMembers.show("acme/widgets", stranger, { includeInherited: true }))).toMatchObject({ status: 404 });
  });
});

describe("tokens", () => {
  test("GET /user names the token's user: a project access token is a bot", async () => {
    const { api, bot, gitlab } = await widgets();
    expect(bot.user.username).toMatch(/^project_\d+_bot_[0-9a-f]{32}$/);
    expect(await api.Users.showCurrentUser()).toMatchObject({ username: bot.user.username, name: "ai-review", bot: true });
    expect(await new Gitlab({ host: gitlab.url, token: gitlab.userToken("alice") }).Users.showCurrentUser()).toMatchObject({ username: "alice", bot: false });
  });

  test("a CI job token is anonymous here: 404 reading a private project, 401 on every write and on /user", async () => {
    const { gitlab, mr } = await widgets();
    const job = new Gitlab({ host: gitlab.url, jobToken: gitlab.jobToken("acme/widgets", { user: "alice" }) });
    const note = mr.addNote("alice", "/review");
    expect(await refusal(job.MergeRequests.show("acme/widgets", 1))).toMatchObject({ status: 404, message: "404 Project Not Found" });
    expect(await refusal(job.MergeRequestNotes.create("acme/widgets", 1, "Summary"))).toMatchObject({ status: 401, message: "401 Unauthorized" });
    expect(await refusal(job.MergeRequestDiscussions.create("acme/widgets", 1, "x"))).toMatchObject({ status: 401 });
    expect(await refusal(job.MergeRequestNoteAwardEmojis.award("acme/widgets", 1, note.id, "eyes"))).toMatchObject({ status: 401 });
    expect(await refusal(job.MergeRequestApprovals.approve("acme/widgets", 1))).toMatchObject({ status: 401 });
    expect(await refusal(job.Users.showCurrentUser())).toMatchObject({ status: 401 });
    expect(gitlab.requests.every((request) => request.principal === "job:acme/widgets" && request.headers["job-token"] === undefined)).toBe(true);
    expect(mr.notes).toHaveLength(1);
  });

  test("on a public project a job token (as anyone) reads the merge request", async () => {
    const { gitlab, project } = await widgets();
    project.visibility = "public";
    const job = new Gitlab({ host: gitlab.url, jobToken: gitlab.jobToken("acme/widgets") });
    expect(await job.MergeRequests.show("acme/widgets", 1)).toMatchObject({ iid: 1 });
    expect((await job.MergeRequests.allDiffs("acme/widgets", 1)).length).toBe(5);
  });

  test("an unknown token is 401; a read_api token is 403 insufficient_scope on writes", async () => {
    const { gitlab } = await widgets();
    expect(await refusal(new Gitlab({ host: gitlab.url, token: "glpat-nope" }).MergeRequests.show("acme/widgets", 1))).toMatchObject({ status: 401, message: "401 Unauthorized" });
    const reader = new Gitlab({ host: gitlab.url, token: gitlab.userToken("bob", { scopes: ["read_api"] }) });
    expect(await reader.MergeRequests.show("acme/widgets", 1)).toMatchObject({ iid: 1 });
    expect(await refusal(reader.MergeRequestNotes.create("acme/widgets", 1, "x"))).toMatchObject({ status: 403, message: "insufficient_scope" });
  });
});

describe("faults", () => {
  test("gitbeaker retries a 429 by itself, ignoring Retry-After: one injected 429 costs one more request", async () => {
    const { api, gitlab, mr } = await widgets();
    gitlab.inject(DISCUSSIONS, fault.rateLimited({ retryAfter: 0 }));
    const refs = mr.diffRefs;
    await api.MergeRequestDiscussions.create("acme/widgets", 1, "x", { position: { baseSha: refs.base_sha, startSha: refs.start_sha, headSha: refs.head_sha, positionType: "text", oldPath: "app.txt", newPath: "app.txt", newLine: "5" } });
    const attempts = gitlab.requestsTo(DISCUSSIONS);
    expect(attempts.map((request) => [request.status, request.fault])).toEqual([[429, "rate-limited"], [201, undefined]]);
    expect(mr.discussions).toHaveLength(1);
  });

  test("ten 429s in a row end in GitbeakerRetryError; a 500 is not retried", async () => {
    const { api, gitlab } = await widgets();
    gitlab.inject("GET /projects/:id", ...Array.from({ length: 10 }, () => fault.rateLimited()));
    await expect(api.Projects.show("acme/widgets")).rejects.toBeInstanceOf(GitbeakerRetryError);
    gitlab.inject("GET /projects/:id", fault.serverError(500));
    expect(await refusal(api.Projects.show("acme/widgets"))).toMatchObject({ status: 500 });
    expect(gitlab.requestsTo("GET /projects/:id")).toHaveLength(11);
  });

  test("the 429 answer: text 'Retry later' with Retry-After and RateLimit headers", async () => {
    const { gitlab, bot } = await widgets();
    gitlab.inject("GET /projects/:id", fault.rateLimited({ retryAfter: 7 }));
    const response = await fetch(`${gitlab.apiUrl}/projects/acme%2Fwidgets`, { headers: { "PRIVATE-TOKEN": bot.token } });
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("7");
    expect(response.headers.get("ratelimit-remaining")).toBe("0");
    expect(await response.text()).toBe("Retry later\n");
  });

  test("an injected bad position answers 400 whatever the position", async () => {
    const { api, gitlab, mr } = await widgets();
    gitlab.inject(DISCUSSIONS, fault.badPosition());
    const refs = mr.diffRefs;
    const good = { baseSha: refs.base_sha, startSha: refs.start_sha, headSha: refs.head_sha, positionType: "text" as const, oldPath: "app.txt", newPath: "app.txt", newLine: "5" };
    expect(await refusal(api.MergeRequestDiscussions.create("acme/widgets", 1, "x", { position: good }))).toMatchObject({ status: 400, message: LINE_CODE_400 });
    expect(mr.discussions).toHaveLength(0);
  });

  test("close() reports faults that never fired; inject() refuses a route the server does not have", async () => {
    const gitlab = await startGitLabServer();
    expect(() => gitlab.inject("POST /projects/:id/merge_requests/:iid/notes", fault.serverError())).toThrow(/no route/);
    gitlab.inject("POST /projects/:id/merge_requests/:merge_request_iid/approve", fault.serverError(503));
    await expect(gitlab.close()).rejects.toThrow(/faults queued that never fired:\n {2}POST .*approve: status/);
  });
});

describe("contract violations", () => {
  test("an unknown route is 404 and recorded; close() throws until the violations are taken", async () => {
    const { gitlab, bot } = await widgets();
    const response = await fetch(`${gitlab.apiUrl}/projects/acme%2Fwidgets/merge_requests/1/review`, { method: "POST", headers: { "PRIVATE-TOKEN": bot.token } });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: "404 Not Found" });
    const unencoded = await fetch(`${gitlab.apiUrl}/projects/acme/widgets/merge_requests/1`, { headers: { "PRIVATE-TOKEN": bot.token } });
    expect(unencoded.status).toBe(404);
    expect(gitlab.violations.map((violation) => violation.kind)).toEqual(["unknown-route", "unknown-route"]);
    expect(() => gitlab.assertNoViolations()).toThrow(/2 contract violation/);
    gitlab.takeViolations();
  });

  test("a parameter GitLab would silently ignore is recorded, and tokens never are", async () => {
    const { api, gitlab, mr } = await widgets();
    await api.MergeRequestNotes.create("acme/widgets", 1, "x", { line: 5 } as never);
    expect(gitlab.takeViolations()).toMatchObject([{ kind: "parameters", problems: ["GitLab ignores the unknown parameter line"] }]);
    expect(JSON.stringify(gitlab.requests)).not.toContain("glpat-");
    expect(mr.notes).toHaveLength(1);
  });
});
