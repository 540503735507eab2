/**
 * What the local git source shows for files git calls binary: the base decides through
 * its `.gitattributes` (the change's own attributes do not count), a text file with a NUL
 * byte comes with its text so its secrets can be read, and real binaries stay as git
 * wrote them.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { splitDiff } from "../../../src/core/split-diff.js";
import { LocalGitSource } from "../../../src/forges/local/local-git-source.js";
import { createRepo, type Repo } from "../../support/git-repo.js";

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);

describe("binary files in the local git diff", () => {
  let repo: Repo;
  beforeEach(() => {
    repo = createRepo();
  });
  afterEach(() => repo.cleanup());

  async function sections() {
    const source = await LocalGitSource.open({ repoDir: repo.dir, base: "main" });
    const change = await source.readChange({ contextLines: 3 });
    return new Map(splitDiff(change.diffText).map((s) => [s.path, s]));
  }

  it("reads attributes from the base's .gitattributes files, at every depth, and never from the change's", async () => {
    repo.write(".gitattributes", "*.dat -diff\n");
    repo.write("data/.gitattributes", "*.csv binary\n");
    repo.write("a.dat", "one\n");
    repo.write("data/b.csv", "x,y\n");
    repo.write("src/util.js", "export const x = 1;\n");
    repo.commit("base");
    repo.git("checkout", "-q", "-b", "feature");
    repo.write("a.dat", "two\n");
    repo.write("data/b.csv", "x,z\n");
    // The change tries to hide its own code; the base said nothing about it.
    repo.write("src/.gitattributes", "util.js -diff\n");
    repo.write(".gitattributes", "*.dat -diff\n*.js -diff\n");
    repo.write("src/util.js", "export const x = 2;\n");
    repo.commit("change");
    // Plain `git diff` reads the checked-out branch's attributes.
    expect(repo.git("diff", "main", "feature", "--", "src/util.js")).toContain("Binary files");

    const files = await sections();
    expect(files.get("a.dat")!.binary).toBe(true);
    expect(files.get("data/b.csv")!.binary).toBe(true);
    expect(files.get("src/util.js")!.binary).toBe(false);
    expect(files.get("src/util.js")!.body).toContain("+export const x = 2;");
    // The work tree is left as it was.
    expect(repo.git("status", "--porcelain")).toBe("");
  });

  it("gives the text of a file made binary by a NUL byte, and leaves real binaries and deletions as git wrote them", async () => {
    repo.write("src/util.js", "export const x = 1;\n");
    repo.write("img/logo.png", PNG);
    repo.write("tools/blob", Buffer.concat([PNG, Buffer.from("\n")]));
    repo.write("old/gone.js", "// \0\nexport {};\n");
    repo.commit("base");
    repo.git("checkout", "-q", "-b", "feature");
    repo.write("src/util.js", "// \0 note\nexport const token = 1;\n");
    repo.write("img/logo.png", Buffer.concat([PNG, PNG]));
    repo.write("tools/blob", Buffer.concat([PNG, PNG, Buffer.from("\n")]));
    repo.remove("old/gone.js");
    repo.commit("change");

    const files = await sections();
    expect(files.get("src/util.js")!.binary).toBe(false);
    expect(files.get("src/util.js")!.body).toContain("+// \0 note\n+export const token = 1;\n");
    expect(files.get("img/logo.png")!.binary).toBe(true);
    expect(files.get("old/gone.js")!.binary).toBe(true);
    // No binary extension: its text is given too, and select will skip it for the NUL.
    expect(files.get("tools/blob")!.body).toContain("\0");
  });

  it("keeps a big binary blob as git wrote it", async () => {
    repo.write("src/a.js", "export const a = 1;\n");
    repo.commit("base");
    repo.git("checkout", "-q", "-b", "feature");
    repo.write("data/model", Buffer.alloc(1_200_000, 0));
    repo.commit("change");
    const files = await sections();
    expect(files.get("data/model")!.binary).toBe(true);
    expect(files.get("data/model")!.body).toBe("");
  });
});
