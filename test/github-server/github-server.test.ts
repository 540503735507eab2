/**
 * The test GitHub server through the real octokit (with plugin-retry and plugin-throttling):
 * what an adapter will meet on github.com.
 */
import { generateKeyPairSync } from "node:crypto";
import { RequestError } from "@octokit/request-error";
import { afterEach, describe, expect, test } from "vitest";
import { createRepo, type Repo } from "../support/git-repo.js";
import { fault, type GitHubServer, signAppJwt, startGitHubServer } from "../support/github-server/index.js";
import { createTestOctokit, TestOctokit, unspacedThrottleGroups } from "../support/github-server/test-octokit.js";

const REVIEWS = "POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews";
const numbered = (count: number, change: (n: number) => string = String) => Array.from({ length: count }, (_, i) => `${change(i + 1)}\n`).join("");

let cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  // Every server closes, which throws if a request broke GitHub's description.
  const pending = cleanups.reverse();
  cleanups = [];
  const failures: unknown[] = [];
  for (const cleanup of pending) await Promise.resolve().then(cleanup).catch((error: unknown) => failures.push(error));
  if (failures.length) throw failures[0];
});

async function server(options?: Parameters<typeof startGitHubServer>[0]): Promise<GitHubServer> {
  const github = await startGitHubServer(options);
  cleanups.push(() => github.close());
  return github;
}

function repo(): Repo {
  const git = createRepo();
  cleanups.push(() => git.cleanup());
  return git;
}

/**
 * acme/widgets with pull request #1 by alice: `app.txt` (40 lines) changed at lines 5 and 30
 * (two hunks), `new.txt` added, `logo.png` binary; the base commit is `base`, the head `head`.
 */
async function widgets(options?: Parameters<typeof startGitHubServer>[0]) {
  const github = await server(options);
  const git = repo();
  git.write("app.txt", numbered(40));
  git.write("config.yml", "mode: strict\n");
  const base = git.commit("base");
  git.git("checkout", "-q", "-b", "fix");
  git.write("app.txt", numbered(40, (n) => (n === 5 ? "five" : n === 30 ? "thirty" : String(n))));
  git.write("new.txt", "hello\n");
  git.write("logo.png", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3, 0, 0xff]));
  const head = git.commit("fix");
  const repository = github.addRepository({ owner: "acme", name: "widgets", git, collaborators: { bob: "write", carol: "triage" } });
  const pull = repository.addPullRequest({ title: "Fix numbers", body: "Spells two numbers.", author: "alice", base: { ref: "main", sha: base }, head: { ref: "fix" } });
  return { github, git, repository, pull, base, head };
}

const where = { owner: "acme", repo: "widgets" };

async function refusal(promise: Promise<unknown>): Promise<RequestError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof RequestError)) throw new Error(`expected octokit to throw a RequestError, got ${String(error)}`);
  return error;
}

describe("reading a pull request", () => {
  test("metadata, files with patches, binary files without", async () => {
    const { github, pull, head, base } = await widgets();
    const { octokit } = createTestOctokit(github.url, github.userToken("reader"));
    const { data } = await octokit.rest.pulls.get({ ...where, pull_number: pull.number });
    expect(data).toMatchObject({ number: 1, title: "Fix numbers", body: "Spells two numbers.", draft: false, user: { login: "alice" }, changed_files: 3 });
    expect(data.head).toMatchObject({ ref: "fix", sha: head });
    expect(data.base).toMatchObject({ ref: "main", sha: base });

    const files = await octokit.paginate(octokit.rest.pulls.listFiles, { ...where, pull_number: 1, per_page: 100 });
    expect(files.map((file) => [file.filename, file.status, file.additions, file.deletions])).toEqual([
      ["app.txt", "modified", 2, 2],
      ["logo.png", "added", 0, 0],
      ["new.txt", "added", 1, 0],
    ]);
    expect(files[0]!.patch).toBe(["@@ -2,7 +2,7 @@", " 2", " 3", " 4", "-5", "+five", " 6", " 7", " 8", "@@ -27,7 +27,7 @@", " 27", " 28", " 29", "-30", "+thirty", " 31", " 32", " 33"].join("\n"));
    expect(files[1]).not.toHaveProperty("patch");
  });

  test("250 files come in pages of 100 linked by Link headers, which octokit follows", async () => {
    const github = await server();
    const git = repo();
    const base = git.commit("empty");
    for (let n = 0; n < 250; n++) git.write(`src/file-${String(n).padStart(3, "0")}.ts`, `export const n = ${n};\n`);
    git.commit("many files");
    const repository = github.addRepository({ owner: "acme", name: "widgets", git });
    repository.addPullRequest({ title: "Many", author: "alice", base: { ref: "main", sha: base }, head: { ref: "main" } });
    const { octokit } = createTestOctokit(github.url, github.userToken("reader"));

    const first = await octokit.rest.pulls.listFiles({ ...where, pull_number: 1, per_page: 100 });
    expect(first.data).toHaveLength(100);
    const link = first.headers.link ?? "";
    // Like GitHub, links name the repository by id.
    expect(link).toContain(`${github.url}/repositories/${repository.id}/pulls/1/files?per_page=100&page=2>; rel="next"`);
    expect(link).toContain('page=3>; rel="last"');

    const all = await octokit.paginate(octokit.rest.pulls.listFiles, { ...where, pull_number: 1, per_page: 100 });
    expect(all.map((file) => file.filename)).toEqual(Array.from({ length: 250 }, (_, n) => `src/file-${String(n).padStart(3, "0")}.ts`));
    expect(github.requestsTo("GET /repos/{owner}/{repo}/pulls/{pull_number}/files").map((request) => request.query.page ?? "1")).toEqual(["1", "1", "2", "3"]);
    // per_page above 100 is served as 100, and the default is 30.
    expect((await octokit.rest.pulls.listFiles({ ...where, pull_number: 1, per_page: 500 })).data).toHaveLength(100);
    expect((await octokit.rest.pulls.listFiles({ ...where, pull_number: 1 })).data).toHaveLength(30);
  });

  test("at most 3,000 files are listed; changed_files tells the real count", async () => {
    const github = await server();
    const git = repo();
    const base = git.commit("empty");
    for (let n = 0; n < 3001; n++) git.write(`f/${n}.txt`, `${n}\n`);
    git.commit("3001 files");
    github.addRepository({ owner: "acme", name: "widgets", git }).addPullRequest({ title: "Huge", author: "alice", base: { ref: "main", sha: base }, head: { ref: "main" } });
    const { octokit } = createTestOctokit(github.url, github.userToken("reader"));

    expect((await octokit.rest.pulls.get({ ...where, pull_number: 1 })).data.changed_files).toBe(3001);
    const files = await octokit.paginate(octokit.rest.pulls.listFiles, { ...where, pull_number: 1, per_page: 100 });
    expect(files).toHaveLength(3000);
  });

  test("a patch larger than the limit is omitted", async () => {
    // app.txt's patch is about 100 bytes, new.txt's 20.
    const { github } = await widgets({ maxPatchBytes: 50 });
    const { octokit } = createTestOctokit(github.url, github.userToken("reader"));
    const files = (await octokit.rest.pulls.listFiles({ ...where, pull_number: 1 })).data;
    expect(files.find((file) => file.filename === "app.txt")).not.toHaveProperty("patch");
    expect(files.find((file) => file.filename === "new.txt")?.patch).toBe("@@ -0,0 +1 @@\n+hello");
  });

  test("contents at a ref come in base64; an absent file is 404; the raw media type gives the bytes", async () => {
    const { github, base, head } = await widgets();
    const { octokit } = createTestOctokit(github.url, github.userToken("reader"));
    const { data } = await octokit.rest.repos.getContent({ ...where, path: "config.yml", ref: base });
    if (Array.isArray(data) || data.type !== "file") throw new Error("expected a file");
    expect(Buffer.from(data.content, "base64").toString("utf8")).toBe("mode: strict\n");
    expect((await refusal(octokit.rest.repos.getContent({ ...where, path: "new.txt", ref: base }))).status).toBe(404);
    expect((await refusal(octokit.rest.repos.getContent({ ...where, path: "new.txt", ref: "0".repeat(40) }))).status).toBe(404);
    const raw = await octokit.rest.repos.getContent({ ...where, path: "new.txt", ref: head, mediaType: { format: "raw" } });
    expect(raw.data).toBe("hello\n");
    const folder = await octokit.rest.repos.getContent({ ...where, path: "", ref: head });
    expect(Array.isArray(folder.data) && folder.data.map((entry) => entry.name)).toEqual(["app.txt", "config.yml", "logo.png", "new.txt"]);
  });

  test("compare lists the files between two heads; a forgotten commit is 404 (a force-push)", async () => {
    const { github, git, repository, pull, head } = await widgets();
    git.write("later.txt", "later\n");
    const next = git.commit("later");
    pull.push(next);
    const { octokit } = createTestOctokit(github.url, github.userToken("reader"));
    const { data } = await octokit.rest.repos.compareCommitsWithBasehead({ ...where, basehead: `${head}...${next}` });
    expect(data).toMatchObject({ status: "ahead", ahead_by: 1, behind_by: 0, total_commits: 1 });
    expect(data.files?.map((file) => file.filename)).toEqual(["later.txt"]);
    expect(data.commits.map((commit) => commit.sha)).toEqual([next]);

    repository.forgetCommit(head);
    expect((await refusal(octokit.rest.repos.compareCommitsWithBasehead({ ...where, basehead: `${head}...${next}` }))).status).toBe(404);
  });
});

describe("posting a review", () => {
  const comment = (fields: Record<string, unknown>) => ({ path: "app.txt", body: "note", ...fields });

  test("a valid review is stored with its comments, authored by the token's user", async () => {
    const { github, pull, head } = await widgets();
    const { octokit } = createTestOctokit(github.url, github.userToken("reviewer"));
    const { data } = await octokit.rest.pulls.createReview({
      ...where,
      pull_number: 1,
      commit_id: head,
      event: "COMMENT",
      body: "Summary",
      comments: [comment({ line: 5 }), comment({ start_line: 3, line: 6 }), comment({ line: 5, side: "LEFT" })],
    });
    expect(data).toMatchObject({ state: "COMMENTED", user: { login: "reviewer" }, commit_id: head });
    expect(pull.reviewComments.map((posted) => [posted.line, posted.start_line, posted.side])).toEqual([
      [5, null, "RIGHT"],
      [6, 3, "RIGHT"],
      [5, null, "LEFT"],
    ]);
    const listed = await octokit.paginate(octokit.rest.pulls.listReviewComments, { ...where, pull_number: 1 });
    expect(listed.map((posted) => posted.diff_hunk.split("\n").at(-1))).toEqual(["+five", " 6", "-5"]);
  });

  test.each([
    ["a line off the diff", comment({ line: 15 }), "Pull request review thread line must be part of the diff and Pull request review thread diff hunk can't be blank"],
    ["a range across hunks", comment({ start_line: 5, line: 30 }), "Pull request review thread start line must be part of the same hunk as the line."],
    ["a range that ends before it starts", comment({ start_line: 6, line: 5 }), "pull_request_review_thread.start_line must precede the end line."],
    ["a file the pull request does not change", comment({ path: "config.yml", line: 1 }), "Pull request review thread path is invalid and Pull request review thread diff hunk can't be blank"],
  ])("%s: 422, and nothing of the review is posted", async (_name, bad, message) => {
    const { github, pull } = await widgets();
    const { octokit } = createTestOctokit(github.url, github.userToken("reviewer"));
    const error = await refusal(octokit.rest.pulls.createReview({ ...where, pull_number: 1, event: "COMMENT", body: "s", comments: [comment({ line: 5 }), bad] }));
    expect(error.status).toBe(422);
    expect(error.response?.data).toMatchObject({ message: "Unprocessable Entity", errors: [message] });
    expect(pull.reviews).toEqual([]);
    expect(pull.reviewComments).toEqual([]);
  });

  test("commit_id must be a head the pull request has had", async () => {
    const { github, git, pull, base, head } = await widgets();
    const { octokit } = createTestOctokit(github.url, github.userToken("reviewer"));
    const error = await refusal(octokit.rest.pulls.createReview({ ...where, pull_number: 1, commit_id: base, event: "COMMENT", body: "s" }));
    expect(error.response?.data).toMatchObject({ errors: ["The commitOID is not part of the pull request"] });
    git.write("later.txt", "x\n");
    pull.push(git.commit("later"));
    // The earlier head stays valid, and lines are checked against the diff at that head.
    await octokit.rest.pulls.createReview({ ...where, pull_number: 1, commit_id: head, event: "COMMENT", body: "s", comments: [comment({ line: 30 })] });
    expect(pull.reviewComments[0]).toMatchObject({ commitId: head, line: 30 });
  });

  test("bodies over 65,536 characters: Validation Failed, for reviews and conversation comments", async () => {
    const { github, pull } = await widgets();
    const { octokit } = createTestOctokit(github.url, github.userToken("reviewer"));
    const long = "x".repeat(65_537);
    const review = await refusal(octokit.rest.pulls.createReview({ ...where, pull_number: 1, event: "COMMENT", body: long }));
    expect(review.response?.data).toMatchObject({ message: "Validation Failed", errors: [{ field: "body", message: "body is too long (maximum is 65536 characters)" }] });
    const issue = await refusal(octokit.rest.issues.createComment({ ...where, issue_number: 1, body: long }));
    expect(issue.response?.data).toMatchObject({
      message: "Validation Failed",
      errors: [{ resource: "IssueComment", code: "unprocessable", field: "data", message: "Body is too long (maximum is 65536 characters)" }],
    });
    await octokit.rest.issues.createComment({ ...where, issue_number: 1, body: "x".repeat(65_536) });
    expect(pull.issueComments).toHaveLength(1);
  });

  test("APPROVE: refused to a workflow token unless the repository allows it, and to the author", async () => {
    const { github, repository, pull } = await widgets();
    const actions = createTestOctokit(github.url, github.actionsToken("acme/widgets")).octokit;
    const error = await refusal(actions.rest.pulls.createReview({ ...where, pull_number: 1, event: "APPROVE" }));
    expect(error.response?.data).toMatchObject({ errors: ["GitHub Actions is not permitted to approve pull requests."] });
    repository.actionsMayApprove = true;
    await actions.rest.pulls.createReview({ ...where, pull_number: 1, event: "APPROVE" });
    expect(pull.reviews.map((review) => [review.user.login, review.state])).toEqual([["github-actions[bot]", "APPROVED"]]);

    const author = createTestOctokit(github.url, github.userToken("alice")).octokit;
    expect((await refusal(author.rest.pulls.createReview({ ...where, pull_number: 1, event: "APPROVE" }))).response?.data).toMatchObject({
      errors: ["Can not approve your own pull request"],
    });
  });
});

describe("conversation comments, reactions, permissions", () => {
  test("a summary created once and edited in place; reactions; listing pages", async () => {
    const { github, pull } = await widgets();
    pull.addIssueComment("bob", "/review full");
    const { octokit } = createTestOctokit(github.url, github.userToken("reviewer"));
    const created = await octokit.rest.issues.createComment({ ...where, issue_number: 1, body: "<!-- ai-review:{} -->\nSummary" });
    expect(created.status).toBe(201);
    await octokit.rest.issues.updateComment({ ...where, comment_id: created.data.id, body: "Summary, edited" });
    const first = await octokit.rest.reactions.createForIssueComment({ ...where, comment_id: pull.issueComments[0]!.id, content: "eyes" });
    const again = await octokit.rest.reactions.createForIssueComment({ ...where, comment_id: pull.issueComments[0]!.id, content: "eyes" });
    expect([first.status, again.status, again.data.id]).toEqual([201, 200, first.data.id]);

    const comments = await octokit.paginate(octokit.rest.issues.listComments, { ...where, issue_number: 1, per_page: 1 });
    expect(comments.map((comment) => [comment.user?.login, comment.author_association, comment.body, comment.reactions?.eyes])).toEqual([
      ["bob", "COLLABORATOR", "/review full", 1],
      ["reviewer", "NONE", "Summary, edited", 0],
    ]);
    expect(github.writes().map((request) => request.route)).toEqual([
      "POST /repos/{owner}/{repo}/issues/{issue_number}/comments",
      "PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}",
      "POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions",
      "POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions",
    ]);
  });

  test("collaborator permission: legacy permission and role name", async () => {
    const { github } = await widgets();
    const { octokit } = createTestOctokit(github.url, github.userToken("reviewer"));
    const permission = async (username: string) => (await octokit.rest.repos.getCollaboratorPermissionLevel({ ...where, username })).data;
    expect(await permission("acme")).toMatchObject({ permission: "admin", role_name: "admin" });
    expect(await permission("bob")).toMatchObject({ permission: "write", role_name: "write" });
    expect(await permission("carol")).toMatchObject({ permission: "read", role_name: "triage" });
    expect(await permission("alice")).toMatchObject({ permission: "none" });
    expect((await refusal(octokit.rest.repos.getCollaboratorPermissionLevel({ ...where, username: "nobody-at-all" }))).status).toBe(404);
  });
});

describe("authentication", () => {
  test("no token or an unknown one: 401; a fork's read-only workflow token cannot write", async () => {
    const { github } = await widgets();
    const anonymous = new TestOctokit({ baseUrl: github.url, throttle: { ...unspacedThrottleGroups(), onRateLimit: () => false, onSecondaryRateLimit: () => false } });
    expect((await refusal(anonymous.rest.pulls.get({ ...where, pull_number: 1 }))).response?.data).toMatchObject({ message: "Requires authentication" });
    const forged = createTestOctokit(github.url, "ghp_forged").octokit;
    expect((await refusal(forged.rest.pulls.get({ ...where, pull_number: 1 }))).response?.data).toMatchObject({ message: "Bad credentials" });

    const fork = createTestOctokit(github.url, github.actionsToken("acme/widgets", { write: false })).octokit;
    await fork.rest.pulls.get({ ...where, pull_number: 1 });
    const error = await refusal(fork.rest.issues.createComment({ ...where, issue_number: 1, body: "hi" }));
    expect([error.status, error.message]).toEqual([403, expect.stringContaining("Resource not accessible by integration")]);
  });

  test("an app mints an installation token with a real RS256 JWT; its writes are authored by <slug>[bot]", async () => {
    const { github, pull } = await widgets();
    const keys = generateKeyPairSync("rsa", { modulusLength: 2048 });
    github.addApp({ id: 4242, slug: "ai-review", publicKey: keys.publicKey });
    github.addInstallation({ id: 77, appId: 4242, account: "acme" });
    const now = Math.floor(Date.now() / 1000);
    const app = createTestOctokit(github.url, signAppJwt(4242, keys.privateKey, now)).octokit;

    const installation = await app.rest.apps.getRepoInstallation(where);
    expect(installation.data).toMatchObject({ id: 77, app_id: 4242, app_slug: "ai-review", account: { login: "acme" } });
    const minted = await app.rest.apps.createInstallationAccessToken({ installation_id: installation.data.id });
    expect(minted.status).toBe(201);
    expect(minted.data.token).toMatch(/^ghs_/);

    const bot = createTestOctokit(github.url, minted.data.token).octokit;
    await bot.rest.issues.createComment({ ...where, issue_number: 1, body: "Summary" });
    expect(pull.issueComments.map((comment) => [comment.user.login, comment.user.type])).toEqual([["ai-review[bot]", "Bot"]]);

    const stranger = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const forged = createTestOctokit(github.url, signAppJwt(4242, stranger.privateKey, now)).octokit;
    expect((await refusal(forged.rest.apps.createInstallationAccessToken({ installation_id: 77 }))).response?.data).toMatchObject({
      message: "A JSON web token could not be decoded",
    });
    const greedy = createTestOctokit(github.url, signAppJwt(4242, keys.privateKey, now, { exp: now + 3600 })).octokit;
    expect((await refusal(greedy.rest.apps.getRepoInstallation(where))).status).toBe(401);
    // A JWT is for the app's own routes, not for repository content.
    expect((await refusal(app.rest.pulls.get({ ...where, pull_number: 1 }))).status).toBe(403);
  });

  test("an installation only reaches the repositories it covers", async () => {
    const { github } = await widgets();
    const keys = generateKeyPairSync("rsa", { modulusLength: 2048 });
    github.addApp({ id: 1, slug: "ai-review", publicKey: keys.publicKey });
    github.addInstallation({ id: 5, appId: 1, account: "acme", repositories: ["gadgets"] });
    const bot = createTestOctokit(github.url, github.installationToken(5)).octokit;
    expect((await refusal(bot.rest.pulls.get({ ...where, pull_number: 1 }))).status).toBe(404);
  });
});

describe("rate limits and faults", () => {
  test("every answer carries x-ratelimit-* headers, counted per token", async () => {
    const { github } = await widgets();
    const { octokit } = createTestOctokit(github.url, github.actionsToken("acme/widgets"));
    const first = await octokit.rest.pulls.get({ ...where, pull_number: 1 });
    const second = await octokit.rest.pulls.get({ ...where, pull_number: 1 });
    expect(first.headers["x-ratelimit-limit"]).toBe("1000");
    expect([first.headers["x-ratelimit-remaining"], second.headers["x-ratelimit-remaining"]]).toEqual(["999", "998"]);
    expect(second.headers["x-ratelimit-reset"]).toMatch(/^\d+$/);
    expect((await octokit.rest.rateLimit.get()).data.resources.core).toMatchObject({ limit: 1000, used: 2 });
  });

  test("a secondary rate limit (403, retry-after 1) is waited out by plugin-throttling; the review is posted once", async () => {
    // retryAfterBaseValue: 1 turns the plugin's one-second wait into one millisecond.
    const { github, pull } = await widgets();
    github.inject(REVIEWS, fault.secondaryRateLimit({ retryAfter: 1 }));
    const { octokit, limits } = createTestOctokit(github.url, github.userToken("reviewer"));
    await octokit.rest.pulls.createReview({ ...where, pull_number: 1, event: "COMMENT", body: "s", comments: [{ path: "app.txt", line: 5, body: "x" }] });
    expect(limits).toEqual([{ kind: "secondary", retryAfter: 1, route: expect.stringContaining("POST"), retryCount: 0 }]);
    expect(github.requestsTo(REVIEWS).map((request) => [request.status, request.fault])).toEqual([
      [403, "secondary-rate-limit"],
      [200, undefined],
    ]);
    expect(pull.reviews).toHaveLength(1);
  });

  test("a secondary limit as a 429 is retried by plugin-retry first (its own backoff); throttling sees it only when retries are off", async () => {
    const { github } = await widgets();
    const route = "GET /repos/{owner}/{repo}/pulls/{pull_number}";
    github.inject(route, fault.secondaryRateLimit({ status: 429, retryAfter: 1 }));
    const { octokit, limits } = createTestOctokit(github.url, github.userToken("reader"), { retriesOnLimit: 0 });
    expect((await octokit.rest.pulls.get({ ...where, pull_number: 1 })).status).toBe(200);
    expect(github.requestsTo(route).map((request) => request.status)).toEqual([429, 200]);
    expect(limits).toEqual([]);

    // With plugin-retry off for the request, plugin-throttling reports it; declined, the answer reaches the caller.
    github.inject(route, fault.secondaryRateLimit({ status: 429, retryAfter: 1 }));
    const error = await refusal(octokit.rest.pulls.get({ ...where, pull_number: 1, request: { retries: 0 } }));
    expect(limits.map((limit) => [limit.kind, limit.retryAfter])).toEqual([["secondary", 1]]);
    expect(error.status).toBe(429);
    expect(error.response?.headers["retry-after"]).toBe("1");
    expect(error.message).toContain("You have exceeded a secondary rate limit");
  });

  test("a primary limit is waited until its reset; 500 and 502 are retried by plugin-retry", async () => {
    const { github } = await widgets();
    const route = "GET /repos/{owner}/{repo}/pulls/{pull_number}";
    github.inject(route, fault.primaryRateLimit(1), fault.serverError(502), fault.serverError(500));
    const { octokit, limits } = createTestOctokit(github.url, github.userToken("reader"));
    expect((await octokit.rest.pulls.get({ ...where, pull_number: 1 })).data.number).toBe(1);
    expect(limits.map((limit) => limit.kind)).toEqual(["primary"]);
    expect(github.requestsTo(route).map((request) => request.status)).toEqual([403, 502, 500, 200]);
  });

  test("a 422 injected on the next review refuses it without storing anything", async () => {
    const { github, pull } = await widgets();
    github.inject(REVIEWS, fault.reviewLineNotInDiff());
    const { octokit } = createTestOctokit(github.url, github.userToken("reviewer"));
    const review = { ...where, pull_number: 1, event: "COMMENT" as const, body: "s", comments: [{ path: "app.txt", line: 5, body: "x" }] };
    expect((await refusal(octokit.rest.pulls.createReview(review))).status).toBe(422);
    expect(pull.reviews).toEqual([]);
    await octokit.rest.pulls.createReview(review);
    expect(pull.reviews).toHaveLength(1);
  });

  test("a queued fault that never fires fails close()", async () => {
    const github = await startGitHubServer();
    github.inject(REVIEWS, fault.serverError());
    await expect(github.close()).rejects.toThrow(/faults queued that never fired:\n {2}POST \/repos\/\{owner\}\/\{repo\}\/pulls\/\{pull_number\}\/reviews: status/);
  });

  test("inject refuses a route the server does not serve", async () => {
    const github = await server();
    expect(() => github.inject("POST /repos/{owner}/{repo}/pulls/{number}/reviews", fault.serverError())).toThrow(/no route/);
  });
});

describe("the OpenAPI contract", () => {
  test("a malformed review is answered 422 and recorded; close() would fail on it", async () => {
    const { github, pull } = await widgets();
    const { octokit } = createTestOctokit(github.url, github.userToken("reviewer"));
    const malformed = octokit.request(REVIEWS, { ...where, pull_number: 1, event: "LGTM", comments: [{ path: "app.txt", position: "3", body: "x" }] } as never);
    const error = await refusal(malformed);
    expect(error.status).toBe(422);
    expect(error.message).toContain("Invalid request");
    expect(pull.reviews).toEqual([]);
    expect(() => github.assertNoViolations()).toThrow(/1 contract violation/);
    expect(github.takeViolations().map((violation) => [violation.kind, violation.problems])).toEqual([
      ["openapi", ['body event: must be equal to one of the allowed values (["APPROVE","REQUEST_CHANGES","COMMENT"])', "body comments/0/position: must be integer"]],
    ]);
  });

  test("close() throws when violations were not taken", async () => {
    const github = await startGitHubServer();
    const { octokit } = createTestOctokit(github.url, github.userToken("x"));
    await refusal(octokit.request("GET /repos/{owner}/{repo}/pulls/{pull_number}/reviewz", { ...where, pull_number: 1 }));
    await expect(github.close()).rejects.toThrow(/unknown-route\]: GitHub has no route GET \/repos\/acme\/widgets\/pulls\/1\/reviewz/);
  });

  test("a GitHub route the server does not implement is a loud 501", async () => {
    const { github } = await widgets();
    const { octokit } = createTestOctokit(github.url, github.userToken("x"));
    expect((await refusal(octokit.rest.pulls.merge({ ...where, pull_number: 1, request: { retries: 0 } }))).status).toBe(501);
    expect(github.takeViolations().map((violation) => [violation.kind, violation.problems])).toEqual([
      ["unimplemented", ["the test GitHub server does not implement PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge: add it to test/support/github-server/routes.ts"]],
    ]);
  });

  test("the server's own answers follow GitHub's description, on every route it serves", async () => {
    const { github, pull, head } = await widgets({ checkAnswers: true });
    const keys = generateKeyPairSync("rsa", { modulusLength: 2048 });
    github.addApp({ id: 9, slug: "ai-review", publicKey: keys.publicKey });
    github.addInstallation({ id: 10, appId: 9, account: "acme" });
    const app = createTestOctokit(github.url, signAppJwt(9, keys.privateKey, Math.floor(Date.now() / 1000))).octokit;
    await app.rest.apps.getRepoInstallation(where);
    const token = (await app.rest.apps.createInstallationAccessToken({ installation_id: 10 })).data.token;
    const { octokit } = createTestOctokit(github.url, token);
    await octokit.rest.pulls.get({ ...where, pull_number: 1 });
    await octokit.rest.pulls.listFiles({ ...where, pull_number: 1 });
    await octokit.rest.repos.getContent({ ...where, path: "config.yml", ref: head });
    await octokit.rest.repos.compareCommitsWithBasehead({ ...where, basehead: `main...${head}` });
    await octokit.rest.pulls.createReview({ ...where, pull_number: 1, event: "COMMENT", body: "s", comments: [{ path: "app.txt", start_line: 4, line: 5, body: "x" }] });
    await octokit.rest.pulls.listReviews({ ...where, pull_number: 1 });
    await octokit.rest.pulls.listReviewComments({ ...where, pull_number: 1 });
    const comment = await octokit.rest.issues.createComment({ ...where, issue_number: 1, body: "s" });
    await octokit.rest.issues.getComment({ ...where, comment_id: comment.data.id });
    await octokit.rest.issues.updateComment({ ...where, comment_id: comment.data.id, body: "t" });
    await octokit.rest.issues.listComments({ ...where, issue_number: 1 });
    await octokit.rest.reactions.createForIssueComment({ ...where, comment_id: comment.data.id, content: "eyes" });
    await octokit.rest.reactions.listForIssueComment({ ...where, comment_id: comment.data.id });
    await octokit.rest.repos.getCollaboratorPermissionLevel({ ...where, username: "bob" });
    await octokit.rest.rateLimit.get();
    expect(pull.reviewComments).toHaveLength(1);
    github.assertNoViolations();
    // Every route the server answers was exercised above.
    const served = new Set(github.requests.map((request) => request.route));
    expect(served.size).toBe(17);
  });
});
