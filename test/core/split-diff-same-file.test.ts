import { symlinkSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DiffParseError } from "../../src/core/diff-model.js";
import { parseDiffText } from "../../src/core/parse-diff-text.js";
import { splitDiff } from "../../src/core/split-diff.js";
import { createRepo, type Repo } from "../support/git-repo.js";

// Each file side may be shown once: what real git diffs of one range show, and what
// joined diffs show twice.
describe("splitDiff: a file shown twice", () => {
  let repo: Repo | undefined;
  afterEach(() => repo?.cleanup());

  const lines = (n: number, tag = "") => Array.from({ length: n }, (_, i) => `line ${i + 1}${tag}`).join("\n") + "\n";

  function twoCommits(): { repo: Repo; base: string; first: string; second: string } {
    const r = (repo = createRepo());
    r.write("src/a.ts", lines(20));
    const base = r.commit("base");
    r.write("src/a.ts", lines(20).replace("line 3\n", "line 3\nnew 3b\n"));
    const first = r.commit("one");
    r.write("src/a.ts", lines(20).replace("line 3\n", "line 3\nnew 3b\n").replace("line 15\n", "line 15 changed\n"));
    const second = r.commit("two");
    return { repo: r, base, first, second };
  }

  it("refuses `git log -p --format=` of two commits touching one file, naming the path and what to run", () => {
    const { repo: r, base } = twoCommits();
    const log = r.git("log", "-p", "--format=", "--reverse", `${base}..HEAD`);
    let error: unknown;
    try {
      splitDiff(log);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DiffParseError);
    const message = (error as DiffParseError).message;
    expect(message).toMatch(/^src\/a\.ts appears twice in the diff/);
    expect(message).toContain("git diff BASE HEAD");
    // It points at the second header, where the second diff starts.
    const secondHeader = log.split("\n").lastIndexOf("diff --git a/src/a.ts b/src/a.ts") + 1;
    expect((error as DiffParseError).where).toEqual({ file: "src/a.ts", line: secondHeader });
  });

  it("refuses two `git diff` outputs saved in one file", () => {
    const { repo: r, base, first, second } = twoCommits();
    const joined = r.git("diff", base, first) + r.git("diff", first, second);
    expect(() => splitDiff(joined)).toThrow(/src\/a\.ts appears twice/);
  });

  it("accepts the one diff of the same range, with line numbers that match the file", () => {
    const { repo: r, base } = twoCommits();
    const [file] = parseDiffText(r.git("diff", base, "HEAD"));
    const fileLines = r.git("show", "HEAD:src/a.ts").split("\n");
    for (const line of file!.hunks.flatMap((h) => h.lines)) {
      if (line.newLine !== null) expect(fileLines[line.newLine - 1]).toBe(line.text);
    }
  });

  it("accepts a file that changed type: git shows it deleted and added under one path", () => {
    const r = (repo = createRepo());
    r.write("target.txt", "t\n");
    r.write("link", "a plain file\n");
    const base = r.commit("base");
    r.remove("link");
    symlinkSync("target.txt", join(r.dir, "link"));
    r.commit("now a symlink");
    const sections = splitDiff(r.git("diff", base, "HEAD"));
    expect(sections.map((s) => `${s.status} ${s.path}`)).toEqual(["deleted link", "added link"]);
  });

  it("accepts a rename whose old path is taken by another rename, and a copy whose source also changed", () => {
    const r = (repo = createRepo());
    const other = Array.from({ length: 30 }, (_, i) => `export const value${i * 7} = "${"xyz".repeat(i % 5)}";`).join("\n") + "\n";
    r.write("a.ts", lines(30, " of a"));
    r.write("c.ts", other);
    const base = r.commit("base");
    r.git("mv", "a.ts", "b.ts");
    r.git("mv", "c.ts", "a.ts");
    r.commit("shuffle");
    const renames = splitDiff(r.git("diff", "--break-rewrites", "--find-renames", base, "HEAD"));
    expect(renames.map((s) => `${s.status} ${s.oldPath} -> ${s.path}`).sort()).toEqual([
      "renamed a.ts -> b.ts",
      "renamed c.ts -> a.ts",
    ]);

    const before = r.git("rev-parse", "HEAD").trim();
    r.write("copy.ts", other);
    r.write("a.ts", other.replace("value0 ", "valueZero "));
    r.commit("copy and edit");
    const copies = splitDiff(r.git("diff", "--find-copies-harder", before, "HEAD"));
    expect(copies.map((s) => `${s.status} ${s.oldPath} -> ${s.path}`).sort()).toEqual([
      "copied a.ts -> copy.ts",
      "modified a.ts -> a.ts",
    ]);
  });

  it.each([
    ["added twice", ["new file mode 100644", "--- /dev/null", "+++ b/x.ts", "@@ -0,0 +1 @@", "+x"]],
    ["deleted twice", ["deleted file mode 100644", "--- a/x.ts", "+++ /dev/null", "@@ -1 +0,0 @@", "-x"]],
  ])("refuses a file %s", (_name, body) => {
    const one = ["diff --git a/x.ts b/x.ts", ...body].join("\n");
    expect(() => splitDiff(`${one}\n${one}\n`)).toThrow(/^x\.ts appears twice in the diff \(first at diff line 1\).*\(at file x\.ts, diff line 7\)$/);
  });

  it("refuses a file modified and then added again, or renamed onto a path another file also takes", () => {
    const modified = ["diff --git a/x.ts b/x.ts", "--- a/x.ts", "+++ b/x.ts", "@@ -1 +1 @@", "-x", "+y"];
    const added = ["diff --git a/x.ts b/x.ts", "new file mode 100644", "--- /dev/null", "+++ b/x.ts", "@@ -0,0 +1 @@", "+x"];
    expect(() => splitDiff([...modified, ...added, ""].join("\n"))).toThrow(/x\.ts appears twice/);
    const rename = (from: string) => [`diff --git a/${from} b/x.ts`, "similarity index 100%", `rename from ${from}`, "rename to x.ts"];
    expect(() => splitDiff([...rename("p.ts"), ...rename("q.ts"), ""].join("\n"))).toThrow(/x\.ts appears twice/);
  });

  it("refuses the same file twice in plain `diff -u` output too", () => {
    const one = ["--- x.ts\t2024-01-01 00:00:00 +0000", "+++ x.ts\t2024-01-02 00:00:00 +0000", "@@ -1 +1 @@", "-x", "+y"];
    expect(() => splitDiff([...one, ...one, ""].join("\n"))).toThrow(/x\.ts appears twice/);
  });
});
