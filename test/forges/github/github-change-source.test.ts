import { afterEach, describe, expect, it } from "vitest";
import { parseDiffText } from "../../../src/core/parse-diff-text.js";
import { GitHubChangeSource } from "../../../src/forges/github/github-change-source.js";
import { OWNER, REPO, startFixture, type Fixture } from "./github-fixture.js";

let fixture: Fixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

const FILES_ROUTE = "GET /repos/{owner}/{repo}/pulls/{pull_number}/files";
const COMPARE_ROUTE = "GET /repos/{owner}/{repo}/compare/{basehead}";

/** The pull request's lines as git itself numbers them, for comparison with what the source read. */
function gitLines(diff: string) {
  return parseDiffText(diff).map((f) => ({ path: f.path, status: f.status, lines: f.hunks.flatMap((h) => h.lines) }));
}

async function setUp(build: (f: Fixture) => void, options: { maxPatchBytes?: number } = {}) {
  fixture = await startFixture(options);
  const { github, git } = fixture;
  git.write("README.md", "# widgets\n");
  git.write(".ai-review.yml", "fail_on: major\n");
  git.write("src/keep.ts", "export const keep = 1;\n");
  const base = git.commit("base");
  git.git("checkout", "-q", "-b", "fix");
  build(fixture);
  const head = git.commit("change");
  const repository = github.addRepository({ owner: OWNER, name: REPO, git });
  const pull = repository.addPullRequest({ title: "Fix widgets", body: "Makes widgets work.", author: "alice", base: { ref: "main" }, head: { ref: "fix" } });
  const source = new GitHubChangeSource({ octokit: fixture.octokit(github.userToken("reviewer")), owner: OWNER, repo: REPO, pullNumber: pull.number });
  return { base, head, repository, pull, source, fixture };
}

describe("GitHubChangeSource", () => {
  it("reads a pull request of 250 files page by page, with git's own line numbers", async () => {
    const { base, head, source, fixture } = await setUp((f) => {
      for (let i = 0; i < 250; i++) f.git.write(`src/file-${String(i).padStart(3, "0")}.ts`, `export const v${i} = ${i};\n// line two\n`);
      f.git.write("src/keep.ts", "export const keep = 2;\n");
    });
    const change = await source.readChange();
    expect(change).toMatchObject({
      origin: "github acme/widgets#1",
      baseSha: base,
      headSha: head,
      title: "Fix widgets",
      description: "Makes widgets work.",
      author: "alice",
      forgeSkipped: [],
      incremental: null,
    });
    const expected = gitLines(fixture.git.git("diff", base, head));
    expect(expected).toHaveLength(251);
    expect(gitLines(change.diffText)).toEqual(expected);
    const pages = fixture.github.requestsTo(FILES_ROUTE);
    expect(pages.map((r) => [r.query.per_page, r.query.page ?? "1"])).toEqual([["100", "1"], ["100", "2"], ["100", "3"]]);
  });

  it("reports a file GitHub gives no patch for as skipped, with the reason", async () => {
    const { source } = await setUp(
      (f) => {
        f.git.write("src/small.ts", "export const small = true;\n");
        f.git.write("src/huge.ts", Array.from({ length: 400 }, (_, i) => `export const line${i} = "${"x".repeat(40)}";`).join("\n") + "\n");
        f.git.write("assets/logo.png", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]));
      },
      { maxPatchBytes: 4_000 },
    );
    const change = await source.readChange();
    expect(change.forgeSkipped).toEqual([
      { path: "src/huge.ts", reason: "too-large", detail: "GitHub gives no diff for this file (too large)", changeControlled: true },
    ]);
    // A binary file goes in as git writes it, for the select stage to judge.
    expect(parseDiffText(change.diffText).map((f) => [f.path, f.binary])).toEqual([["assets/logo.png", true], ["src/small.ts", false]]);
  });

  it("reports the files past GitHub's cap of 3,000 instead of cutting them silently", async () => {
    const { source, fixture } = await setUp((f) => {
      for (let i = 0; i < 3_002; i++) f.git.write(`gen/f${i}.txt`, `${i}\n`);
    });
    const change = await source.readChange();
    expect(parseDiffText(change.diffText)).toHaveLength(3_000);
    expect(change.forgeSkipped).toEqual([
      { path: "(2 more files)", reason: "too-large", detail: "GitHub lists at most 3,000 files of a pull request; 2 more were not reviewed", changeControlled: true },
    ]);
    expect(fixture.github.requestsTo(FILES_ROUTE)).toHaveLength(30);
  });

  it("reads config files at the base revision: the change cannot rewrite how it is reviewed", async () => {
    const { source, fixture } = await setUp((f) => {
      f.git.write(".ai-review.yml", "fail_on: nit\napprove: true\n");
      f.git.write("AGENTS.md", "added by the change\n");
    });
    expect(await source.readBaseFile(".ai-review.yml")).toBe("fail_on: major\n");
    expect(await source.readBaseFile("AGENTS.md")).toBeNull();
    expect(await source.readBaseFile("src")).toBeNull();
    await source.readChange();
    // One fetch of the pull request: every read sees the same base and head.
    expect(fixture.github.requestsTo("GET /repos/{owner}/{repo}/pulls/{pull_number}")).toHaveLength(1);
  });

  it("reads a base file over 1 MB through the raw media type", async () => {
    fixture = await startFixture();
    const big = `${"y".repeat(100)}\n`.repeat(11_000);
    fixture.git.write("big.txt", big);
    fixture.git.commit("base");
    fixture.git.git("checkout", "-q", "-b", "fix");
    fixture.git.write("a.ts", "a\n");
    fixture.git.commit("head");
    const pull = fixture.github.addRepository({ owner: OWNER, name: REPO, git: fixture.git }).addPullRequest({ title: "t", author: "alice", base: { ref: "main" }, head: { ref: "fix" } });
    const source = new GitHubChangeSource({ octokit: fixture.octokit(fixture.github.userToken("r")), owner: OWNER, repo: REPO, pullNumber: pull.number });
    expect(await source.readBaseFile("big.txt")).toBe(big);
  });

  it("reviews only the files changed since the head an earlier review saw", async () => {
    const { head: first, pull, fixture } = await setUp((f) => {
      f.git.write("src/a.ts", "a\n");
      f.git.write("src/b.ts", "b\n");
    });
    fixture.git.write("src/b.ts", "b\nb2\n");
    fixture.git.git("mv", "src/keep.ts", "src/kept.ts");
    const second = fixture.git.commit("second push");
    pull.push(second);
    const later = new GitHubChangeSource({ octokit: fixture.octokit(fixture.github.userToken("r")), owner: OWNER, repo: REPO, pullNumber: pull.number });
    const change = await later.readChange({ since: first });
    expect(change.headSha).toBe(second);
    expect(change.incremental).toEqual({ since: first, files: 2 });
    // The whole pull request's diff of those files, so comments land on lines GitHub accepts.
    expect(parseDiffText(change.diffText).map((f) => [f.path, f.status])).toEqual([
      ["src/b.ts", "added"],
      ["src/kept.ts", "renamed"],
    ]);
  });

  it("stays incremental when the base only moved forward; reads everything when the base went elsewhere (a retarget)", async () => {
    const { head: first, base, pull, fixture } = await setUp((f) => f.git.write("src/a.ts", "a\n"));
    const { git, github } = fixture;
    git.git("checkout", "-q", "main");
    git.write("src/main-only.ts", "m\n");
    const advanced = git.commit("main moves on");
    git.git("checkout", "-q", "fix");
    git.write("src/b.ts", "b\n");
    const second = git.commit("second push");
    pull.push(second);
    pull.baseSha = advanced;
    const read = (sinceBase: string) =>
      new GitHubChangeSource({ octokit: fixture.octokit(github.userToken("r")), owner: OWNER, repo: REPO, pullNumber: pull.number }).readChange({ since: first, sinceBase });
    // GitHub moved base.sha to main's new tip: nothing entered the pull request unseen.
    const forward = await read(base);
    expect(forward.incremental).toEqual({ since: first, files: 1 });
    expect(parseDiffText(forward.diffText).map((f) => f.path)).toEqual(["src/b.ts"]);
    // The earlier review was against a base the current one does not descend from.
    pull.baseSha = base;
    const retargeted = await read(advanced);
    expect(retargeted.incremental).toBeNull();
    expect(parseDiffText(retargeted.diffText).map((f) => f.path)).toEqual(["src/a.ts", "src/b.ts"]);
    expect(github.requestsTo(COMPARE_ROUTE).map((r) => r.params.basehead)).toEqual([`${base}...${advanced}`, `${first}...${second}`, `${advanced}...${base}`]);
  });

  it("reviews everything when the earlier head is gone after a force-push", async () => {
    const { head: first, base, pull, repository, fixture } = await setUp((f) => f.git.write("src/a.ts", "a\n"));
    fixture.git.git("reset", "-q", "--hard", base);
    fixture.git.write("src/c.ts", "c\n");
    const rewritten = fixture.git.commit("rewritten");
    pull.push(rewritten);
    repository.forgetCommit(first);
    const source = new GitHubChangeSource({ octokit: fixture.octokit(fixture.github.userToken("r")), owner: OWNER, repo: REPO, pullNumber: pull.number });
    const change = await source.readChange({ since: first });
    expect(change.incremental).toBeNull();
    expect(parseDiffText(change.diffText).map((f) => f.path)).toEqual(["src/c.ts"]);
    expect(fixture.github.requestsTo(COMPARE_ROUTE).map((r) => r.status)).toEqual([404]);
  });

  it("reviews everything when the new head does not descend from the earlier one (a rebase GitHub still remembers)", async () => {
    const { head: first, base, pull, fixture } = await setUp((f) => f.git.write("src/a.ts", "a\n"));
    fixture.git.git("reset", "-q", "--hard", base);
    fixture.git.write("src/a.ts", "a\n");
    fixture.git.write("src/d.ts", "d\n");
    const rebased = fixture.git.commit("rebased");
    pull.push(rebased);
    const source = new GitHubChangeSource({ octokit: fixture.octokit(fixture.github.userToken("r")), owner: OWNER, repo: REPO, pullNumber: pull.number });
    const change = await source.readChange({ since: first });
    expect(change.incremental).toBeNull();
    expect(parseDiffText(change.diffText).map((f) => f.path)).toEqual(["src/a.ts", "src/d.ts"]);
  });

  it("explains a pull request it cannot read", async () => {
    fixture = await startFixture();
    fixture.git.write("a", "a\n");
    fixture.git.commit("base");
    fixture.github.addRepository({ owner: OWNER, name: REPO, git: fixture.git });
    const source = new GitHubChangeSource({ octokit: fixture.octokit(fixture.github.userToken("r")), owner: OWNER, repo: REPO, pullNumber: 99 });
    await expect(source.readChange()).rejects.toThrow(
      "GitHub found nothing while reading pull request acme/widgets#99 (404): check the owner, repository and number, and that the token can read the repository",
    );
  });
});
