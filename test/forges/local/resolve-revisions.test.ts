import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { resolveRevisions, SourceError } from "../../../src/forges/local/git-source.js";
import { cloneRepo, forkedRepo, type Clone } from "../../support/clone-repo.js";
import type { Repo } from "../../support/git-repo.js";

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
  let cloned: Clone | undefined;

  beforeEach(() => {
    ({ repo: origin, forkPoint } = forkedRepo());
  });
  afterEach(() => {
    origin.cleanup();
    cloned?.cleanup();
    cloned = undefined;
  });

  /** A clone of the origin on its feature branch. */
  function clone(...args: string[]): string {
    cloned = cloneRepo(origin, args, "feature");
    return cloned.dir;
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
    cloned!.git("fetch", "-q", "--unshallow");
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
