import { execFileSync } from "node:child_process";
import { mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { resolveRevisions, SourceError } from "../../../src/forges/local/git-source.js";
import { createRepo, type Repo } from "../../support/git-repo.js";

/** The error `resolveRevisions` throws, so its message can be read. */
async function refusal(options: Parameters<typeof resolveRevisions>[0]): Promise<SourceError> {
  const error = await resolveRevisions(options).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SourceError);
  return error as SourceError;
}

describe("resolveRevisions: where the branch forked", () => {
  let origin: Repo;
  let forkPoint: string;
  let cloneParent: string | undefined;

  beforeEach(() => {
    origin = createRepo();
    origin.write("a.txt", "one\n");
    origin.commit("root");
    origin.write("a.txt", "one\ntwo\n");
    forkPoint = origin.commit("fork point");
    origin.git("checkout", "-q", "-b", "feature");
    origin.write("b.txt", "feature\n");
    origin.commit("feature work");
    origin.git("checkout", "-q", "main");
    origin.write("c.txt", "main moved on\n");
    origin.commit("main moves on");
  });
  afterEach(() => {
    origin.cleanup();
    if (cloneParent) rmSync(cloneParent, { recursive: true, force: true });
    cloneParent = undefined;
  });

  /** A `git clone` of the origin (file:// so that --depth applies), on the feature branch. */
  function clone(...args: string[]): string {
    cloneParent = realpathSync(mkdtempSync(join(tmpdir(), "ai-review-clone-")));
    const dir = join(cloneParent, "clone");
    execFileSync("git", ["clone", "-q", ...args, `file://${origin.dir}`, dir], { env: origin.env, stdio: "ignore" });
    execFileSync("git", ["checkout", "-q", "feature"], { cwd: dir, env: origin.env, stdio: "ignore" });
    return dir;
  }

  it("uses the merge base, not the base's tip, in a full clone", async () => {
    const dir = clone();
    const revisions = await resolveRevisions({ repoDir: dir, base: "origin/main" });
    expect(revisions.baseSha).toBe(forkPoint);
  });

  it("refuses a shallow clone whose history stops before the fork, saying how to fetch more", async () => {
    const dir = clone("--depth", "1", "--no-single-branch");
    const { message } = await refusal({ repoDir: dir, base: "origin/main" });
    expect(message).toMatch(/^cannot find where HEAD forked from origin\/main: this clone is shallow/);
    expect(message).toContain("git fetch --unshallow");
    expect(message).toContain("git fetch --deepen=100 origin main");
    expect(message).toContain("`fetch-depth: 0` on `actions/checkout`");
    expect(message).toContain("`GIT_DEPTH: 0` under `variables`");
    expect(message).not.toMatch(/unrelated/);

    // The advice works: with the history fetched, the same call finds the fork point.
    execFileSync("git", ["fetch", "-q", "--unshallow"], { cwd: dir, env: origin.env, stdio: "ignore" });
    expect((await resolveRevisions({ repoDir: dir, base: "origin/main" })).baseSha).toBe(forkPoint);
  });

  it("says how to fetch the base when a shallow clone does not have it at all", async () => {
    const dir = clone("--depth", "1", "--branch", "feature");
    const { message } = await refusal({ repoDir: dir, base: "origin/main" });
    expect(message).toMatch(/^unknown revision 'origin\/main' for --base\. This clone is shallow/);
    expect(message).toContain("fetch-depth: 0");
    const defaulted = await refusal({ repoDir: dir });
    expect(defaulted.message).toMatch(/^cannot find the base branch .*; pass --base REV\. This clone is shallow/);
  });

  it("tells unrelated histories apart from a shallow clone", async () => {
    origin.git("checkout", "-q", "--orphan", "island");
    origin.write("island.txt", "alone\n");
    origin.commit("no shared history");
    const { message } = await refusal({ repoDir: origin.dir, base: "feature" });
    expect(message).toMatch(/^cannot find where HEAD forked from feature: they share no history \(unrelated histories\)/);
    expect(message).not.toMatch(/shallow|unshallow/);
  });

  it("keeps a plain message for an unknown base in a full repository", async () => {
    const { message } = await refusal({ repoDir: origin.dir, base: "no-such-branch" });
    expect(message).toBe("unknown revision 'no-such-branch' for --base");
  });
});
