import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DiffParseError, type FileSection } from "../../src/core/diff-model.js";
import { splitDiff } from "../../src/core/split-diff.js";

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/diffs/${name}`, import.meta.url), "utf8");

/** The headers of each section, without the body, for compact expectations. */
const headers = (sections: FileSection[]) => sections.map(({ body, bodyLine, patchBytes, ...h }) => h);

/** Runs `fn`, expecting a DiffParseError; returns it for checks on its message and place. */
function parseError(fn: () => unknown): DiffParseError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DiffParseError);
    return error as DiffParseError;
  }
  throw new Error("expected a DiffParseError, but parsing succeeded");
}

const TWO_FILES = [
  "diff --git a/src/a.ts b/src/a.ts", // 1
  "index 1111111..2222222 100644",
  "--- a/src/a.ts",
  "+++ b/src/a.ts",
  "@@ -1,3 +1,3 @@ export function a() {", // 5
  " one",
  "-two",
  "+TWO",
  " three",
  "@@ -10,2 +10,3 @@", // 10
  " ten",
  "+ten and a half",
  " eleven",
  "diff --git a/b.md b/b.md",
  "new file mode 100644", // 15
  "index 0000000..3333333",
  "--- /dev/null",
  "+++ b/b.md",
  "@@ -0,0 +1,2 @@",
  "+# B", // 20
  "+",
  "",
].join("\n");

describe("splitDiff: sections and headers", () => {
  it("gives nothing for an empty diff (no changes)", () => {
    expect(splitDiff("")).toEqual([]);
    expect(splitDiff("\n\n")).toEqual([]);
  });

  it("cuts one section per file, keeping each hunk text as written and where it starts", () => {
    const sections = splitDiff(TWO_FILES);
    expect(headers(sections)).toEqual([
      {
        path: "src/a.ts", oldPath: "src/a.ts", status: "modified", binary: false, submodule: false,
        oldMode: "100644", newMode: "100644", similarity: null, additions: 2, deletions: 1,
      },
      {
        path: "b.md", oldPath: "b.md", status: "added", binary: false, submodule: false,
        oldMode: null, newMode: "100644", similarity: null, additions: 2, deletions: 0,
      },
    ]);
    const lines = TWO_FILES.split("\n");
    expect(sections[0]!.body).toBe(lines.slice(4, 13).join("\n") + "\n");
    expect(sections[0]!.bodyLine).toBe(5);
    expect(sections[1]!.body).toBe(lines.slice(18).join("\n"));
    expect(sections[1]!.bodyLine).toBe(19);
    for (const s of sections) expect(s.patchBytes).toBe(s.body.length);
  });

  it("reads deleted, renamed and copied files, with similarity", () => {
    const diff = [
      "diff --git a/gone.txt b/gone.txt",
      "deleted file mode 100755",
      "index 4444444..0000000",
      "--- a/gone.txt",
      "+++ /dev/null",
      "@@ -1 +0,0 @@",
      "-bye",
      "diff --git a/old/name.ts b/new/name.ts",
      "similarity index 100%",
      "rename from old/name.ts",
      "rename to new/name.ts",
      "diff --git a/src/x.ts b/src/y.ts",
      "similarity index 87%",
      "copy from src/x.ts",
      "copy to src/y.ts",
      "index 5555555..6666666 100644",
      "--- a/src/x.ts",
      "+++ b/src/y.ts",
      "@@ -1 +1 @@",
      "-x",
      "+y",
    ].join("\n");
    expect(headers(splitDiff(diff)).map(({ path, oldPath, status, similarity, oldMode }) => ({ path, oldPath, status, similarity, oldMode }))).toEqual([
      { path: "gone.txt", oldPath: "gone.txt", status: "deleted", similarity: null, oldMode: "100755" },
      { path: "new/name.ts", oldPath: "old/name.ts", status: "renamed", similarity: 100, oldMode: null },
      { path: "src/y.ts", oldPath: "src/x.ts", status: "copied", similarity: 87, oldMode: "100644" },
    ]);
  });

  it("reads a file created empty, which has no hunks and no ---/+++ lines", () => {
    const diff = "diff --git a/empty b/empty\nnew file mode 100644\nindex 0000000..e69de29\n";
    expect(splitDiff(diff)).toMatchObject([{ path: "empty", status: "added", body: "", patchBytes: 0 }]);
  });

  it("reads a mode-only change of a path with spaces from its unquoted diff --git line", () => {
    const diff = "diff --git a/my dir/run me.sh b/my dir/run me.sh\nold mode 100644\nnew mode 100755\n";
    expect(headers(splitDiff(diff))).toEqual([
      {
        path: "my dir/run me.sh", oldPath: "my dir/run me.sh", status: "modified", binary: false,
        submodule: false, oldMode: "100644", newMode: "100755", similarity: null, additions: 0, deletions: 0,
      },
    ]);
  });

  it("decodes quoted paths in every header", () => {
    const diff = [
      'diff --git "a/\\303\\244 dir/t\\tab.txt" "b/\\303\\244 dir/q\\"uote\\\\.txt"',
      "similarity index 90%",
      'rename from "\\303\\244 dir/t\\tab.txt"',
      'rename to "\\303\\244 dir/q\\"uote\\\\.txt"',
      "index 1111111..2222222 100644",
      '--- "a/\\303\\244 dir/t\\tab.txt"',
      '+++ "b/\\303\\244 dir/q\\"uote\\\\.txt"',
      "@@ -1 +1 @@",
      "-a",
      "+b",
      'diff --git "a/\\346\\227\\245.md" "b/\\346\\227\\245.md"',
      "new file mode 100644",
      "index 0000000..1111111",
      "--- /dev/null",
      '+++ "b/\\346\\227\\245.md"',
      "@@ -0,0 +1 @@",
      "+x",
    ].join("\n");
    expect(splitDiff(diff).map((s) => [s.status, s.oldPath, s.path])).toEqual([
      ["renamed", "ä dir/t\tab.txt", 'ä dir/q"uote\\.txt'],
      ["added", "日.md", "日.md"],
    ]);
  });

  it("takes paths with spaces from ---/+++ lines, where git ends them with a tab", () => {
    const diff = "diff --git a/x b/y.txt b/x b/y.txt\nindex 1..2 100644\n--- a/x b/y.txt\t\n+++ b/x b/y.txt\t\n@@ -1 +1 @@\n-a\n+b\n";
    expect(splitDiff(diff)).toMatchObject([{ path: "x b/y.txt", oldPath: "x b/y.txt" }]);
  });

  it("flags binary files: `Binary files ... differ` and `GIT binary patch` with literal data", () => {
    const diff = [
      "diff --git a/img.png b/img.png",
      "index 1111111..2222222 100644",
      "Binary files a/img.png and b/img.png differ",
      "diff --git a/new.bin b/new.bin",
      "new file mode 100644",
      "index 0000000000000000000000000000000000000000..3333333333333333333333333333333333333333",
      "GIT binary patch",
      "literal 12",
      "TcmZQzWMXDvWn<^!<Nye|0Du4h",
      "",
      "literal 0",
      "HcmV?d00001",
      "",
      "diff --git a/old.bin b/old.bin",
      "index 4444444..5555555 100644",
      "GIT binary patch",
      "delta 14",
      "Vcmb=J6JTU$Pl#a^wGcCT0svUq1H}LU",
      "",
      "delta 14",
      "Vcmb=J6JTU$Pl#a^wGcCT0svUq1H}LU",
      "",
      "diff --git a/after.txt b/after.txt",
      "--- a/after.txt",
      "+++ b/after.txt",
      "@@ -1 +1 @@",
      "-a",
      "+b",
      "",
    ].join("\n");
    expect(splitDiff(diff).map((s) => [s.path, s.status, s.binary, s.body])).toEqual([
      ["img.png", "modified", true, ""],
      ["new.bin", "added", true, ""],
      ["old.bin", "modified", true, ""],
      ["after.txt", "modified", false, "@@ -1 +1 @@\n-a\n+b\n"],
    ]);
  });

  it("marks a submodule (gitlink) change", () => {
    const diff = [
      "diff --git a/vendor/lib b/vendor/lib",
      "index 1111111..2222222 160000",
      "--- a/vendor/lib",
      "+++ b/vendor/lib",
      "@@ -1 +1 @@",
      `-Subproject commit ${"1".repeat(40)}`,
      `+Subproject commit ${"2".repeat(40)}`,
      "diff --git a/sub b/sub",
      "new file mode 160000",
      "index 0000000..3333333",
      "--- /dev/null",
      "+++ b/sub",
      "@@ -0,0 +1 @@",
      `+Subproject commit ${"3".repeat(40)}`,
    ].join("\n");
    expect(splitDiff(diff).map((s) => [s.path, s.status, s.submodule, s.additions, s.deletions])).toEqual([
      ["vendor/lib", "modified", true, 1, 1],
      ["sub", "added", true, 1, 0],
    ]);
  });

  it("counts lines by the headers, so content that looks like diff syntax stays content", () => {
    const diff = [
      "diff --git a/x.txt b/x.txt",
      "--- a/x.txt",
      "+++ b/x.txt",
      "@@ -1,4 +1,4 @@",
      "--- a/fake.txt",
      "+++ b/fake.txt",
      " @@ -1 +1 @@",
      "-diff --git a/y b/y",
      "+diff --git a/z b/z",
      " -- ",
      "",
    ].join("\n");
    expect(splitDiff(diff)).toMatchObject([{ path: "x.txt", additions: 2, deletions: 2 }]);
  });
});

describe("splitDiff: inputs other than `git diff`", () => {
  it("skips format-patch mail headers, commit message, diffstat and signature", () => {
    const text = fixture("format-patch.patch");
    const sections = splitDiff(text);
    expect(sections.map((s) => [s.path, s.additions, s.deletions])).toEqual([
      ["math.ts", 6, 2],
      ["notes file.md", 1, 0],
    ]);
    // The `-- ` signature and version end the last file: they are not part of its hunk text.
    expect(sections[1]!.body).toBe("@@ -1,3 +1,4 @@\n # Notes\n \n some notes\n+- a list item\n");
  });

  it("reads format-patch --attach output, whose MIME boundary follows the last hunk", () => {
    const sections = splitDiff(fixture("format-patch-attach.patch"));
    expect(sections.map((s) => [s.path, s.additions, s.deletions])).toEqual([
      ["math.ts", 6, 2],
      ["notes file.md", 1, 0],
    ]);
    expect(sections[1]!.body).not.toContain("----");
  });

  it("reads `git show` output", () => {
    expect(splitDiff(fixture("git-show.txt")).map((s) => s.path)).toEqual(["math.ts", "notes file.md"]);
  });

  it("refuses a format-patch series or git log -p, whose line numbers do not add up", () => {
    const series = parseError(() => splitDiff(fixture("format-patch-series.patch")));
    expect(series.message).toMatch(/more than one commit .*git diff <base> <head>/);
    const log = [
      `commit ${"a".repeat(40)} (HEAD -> main)`,
      "Author: A <a@example.com>",
      "",
      "    second",
      "",
      "diff --git a/f b/f",
      "--- a/f",
      "+++ b/f",
      "@@ -1 +1 @@",
      "-b",
      "+c",
      "",
      `commit ${"b".repeat(40)}`,
      "Author: A <a@example.com>",
      "",
      "    - first",
      "",
    ].join("\n");
    expect(parseError(() => splitDiff(log))).toMatchObject({ where: { line: 13 } });
  });

  it("reads plain `diff -ruN` output: timestamps, epoch for absent files, binary lines", () => {
    const sections = splitDiff(fixture("plain-ruN.diff"));
    expect(sections.map((s) => [s.status, s.oldPath, s.path, s.binary, s.additions, s.deletions])).toEqual([
      ["deleted", "old/only-old.txt", "old/only-old.txt", false, 0, 1],
      ["modified", "old/src/a.txt", "new/src/a.txt", false, 1, 1],
      ["added", "new/src/added.txt", "new/src/added.txt", false, 2, 0],
      ["modified", "old/src/blob.bin", "new/src/blob.bin", true, 0, 0],
      ["deleted", "old/src/removed.txt", "old/src/removed.txt", false, 0, 1],
      ["modified", "old/src/tail.txt", "new/src/tail.txt", false, 2, 1],
    ]);
    // `diff -ruN` command lines belong to no file's hunk text.
    for (const s of sections) expect(s.body).not.toMatch(/^diff /m);
  });

  it("reads plain `diff -ru` output, where `Only in` lines are not files", () => {
    const sections = splitDiff(fixture("plain-ru.diff"));
    expect(sections.map((s) => s.path)).toEqual(["new/src/a.txt", "new/src/blob.bin", "new/src/tail.txt"]);
    for (const s of sections) expect(s.body).not.toMatch(/Only in/);
  });

  it("ends a plain binary file at its one line", () => {
    const diff = "Binary files a/x.bin and b/x.bin differ\n--- a/y.txt\n+++ b/y.txt\n@@ -1 +1 @@\n-a\n+b\nBinary files /dev/null and b/n and m.bin differ\nBinary files old/a and b.bin and new/a and b.bin differ\n";
    expect(splitDiff(diff).map((s) => [s.status, s.oldPath, s.path, s.binary])).toEqual([
      ["modified", "x.bin", "x.bin", true],
      ["modified", "y.txt", "y.txt", false],
      ["added", "n and m.bin", "n and m.bin", true],
      ["modified", "old/a and b.bin", "new/a and b.bin", true],
    ]);
  });

  it("reads an epoch timestamp in any time zone as an absent file", () => {
    const diff = [
      "--- old/gone.txt\t2024-01-01 22:04:05.000000000 -0500",
      "+++ new/gone.txt\t1969-12-31 19:00:00.000000000 -0500",
      "@@ -1 +0,0 @@",
      "-gone",
      "--- old/born.txt\t1970-01-01 05:30:00.000000000 +0530",
      "+++ new/born.txt\t2024-01-01 22:04:05.000000000 +0530",
      "@@ -0,0 +1 @@",
      "+born",
      "--- old/kept.txt\t1970-01-01 00:00:01.000000000 +0000",
      "+++ new/kept.txt\t2024-01-01 22:04:05.000000000 +0000",
      "@@ -1 +1 @@",
      "-a",
      "+b",
    ].join("\n");
    expect(splitDiff(diff).map((s) => [s.status, s.path])).toEqual([
      ["deleted", "old/gone.txt"],
      ["added", "new/born.txt"],
      ["modified", "new/kept.txt"],
    ]);
  });

  it("reads plain `diff -u` of two files with timestamps", () => {
    const diff = [
      "--- a.txt\t2024-01-02 03:04:05.000000000 +0000",
      "+++ b.txt\t2024-01-02 03:04:06.000000000 +0000",
      "@@ -1,2 +1,2 @@",
      " same",
      "-old",
      "+new",
    ].join("\n");
    expect(headers(splitDiff(diff))).toMatchObject([{ path: "b.txt", oldPath: "a.txt", status: "modified", additions: 1, deletions: 1 }]);
  });

  it("reads a headerless per-file patch (what the GitHub and GitLab APIs return)", () => {
    expect(splitDiff("@@ -1 +1 @@\n-a\n+b")).toMatchObject([
      { path: "", status: "modified", additions: 1, deletions: 1, body: "@@ -1 +1 @@\n-a\n+b", bodyLine: 1 },
    ]);
  });

  it("reads a diff written with CRLF throughout as the same diff", () => {
    const lf = fixture("format-patch.patch");
    expect(splitDiff(lf.replace(/\n/g, "\r\n"))).toEqual(splitDiff(lf));
    expect(splitDiff(TWO_FILES.replace(/\n/g, "\r\n"))).toEqual(splitDiff(TWO_FILES));
    // A saved mail starts with its headers, not with an mbox `From ` line.
    const mail = "From: A <a@example.com>\r\nSubject: [PATCH] x\r\n\r\n---\r\n" + TWO_FILES.replace(/\n/g, "\r\n");
    const withoutLine = (sections: FileSection[]) => sections.map(({ bodyLine, ...s }) => s);
    expect(withoutLine(splitDiff(mail))).toEqual(withoutLine(splitDiff(TWO_FILES)));
    expect(splitDiff(mail)[0]!.bodyLine).toBe(9);
  });

  it("keeps the CR of a CRLF file's lines in a diff converted to CRLF", () => {
    const diff = "diff --git a/w.txt b/w.txt\n--- a/w.txt\n+++ b/w.txt\n@@ -1 +1 @@\n-a\r\n+b\r\n";
    const [section] = splitDiff(diff.replace(/\n/g, "\r\n"));
    expect(section!.body).toBe("@@ -1 +1 @@\n-a\r\n+b\r\n");
    expect(splitDiff(diff)[0]!.body).toBe(section!.body);
  });

  it("ignores a byte order mark", () => {
    expect(splitDiff("\uFEFF" + TWO_FILES)).toEqual(splitDiff(TWO_FILES));
  });
});

describe("splitDiff: malformed input", () => {
  it("says plainly when the input is not a diff at all", () => {
    const error = parseError(() => splitDiff("hello\nthis is a README, not a diff\n"));
    expect(error.message).toMatch(/not a unified diff/);
    expect(error.where.line).toBe(1);
  });

  it("names the file and the diff line when a hunk is shorter than its header says", () => {
    const truncated = TWO_FILES.replace(" eleven\n", "");
    const error = parseError(() => splitDiff(truncated));
    expect(error.where).toEqual({ file: "src/a.ts", line: 13 });
    expect(error.message).toMatch(/hunk at diff line 10 ends early: its header promises 1 more old and 1 more new line/);
    expect(error.message).toContain('"diff --git a/b.md b/b.md"');
    expect(error.message).toContain("(at file src/a.ts, diff line 13)");
  });

  it("names the hunk when the diff ends inside it", () => {
    const error = parseError(() => splitDiff(TWO_FILES.replace(/\+\n$/, "")));
    expect(error.where).toEqual({ file: "b.md", line: 19 });
    expect(error.message).toMatch(/diff ends inside the hunk at diff line 19.*truncated/);
  });

  it("names the file and the diff line when a hunk is longer than its header says", () => {
    const longer = TWO_FILES.replace(" eleven\n", " eleven\n twelve\n");
    const error = parseError(() => splitDiff(longer));
    expect(error.where).toEqual({ file: "src/a.ts", line: 14 });
    expect(error.message).toMatch(/hunk at diff line 10 has more lines than its header says/);
    // An extra line that reads like a header must not rename the file.
    const plus = parseError(() => splitDiff("diff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+b\n+++ x\n"));
    expect(plus.where).toEqual({ file: "f", line: 7 });
    // Counted per side: one old line too many inside the hunk.
    const side = parseError(() => splitDiff("@@ -1 +1,2 @@\n-a\n-b\n+c\n"));
    expect(side.message).toMatch(/more old lines/);
  });

  it("does not take a deleted `-- ` line followed by more hunk lines for a signature", () => {
    const diff = "diff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+b\n-- \n+c\n";
    expect(parseError(() => splitDiff(diff)).where).toEqual({ file: "f", line: 7 });
  });

  it("rejects a bad hunk header, naming the file and line", () => {
    const error = parseError(() => splitDiff("diff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1,2 +1,2\n a\n"));
    expect(error.where).toEqual({ file: "f", line: 4 });
    expect(error.message).toMatch(/bad hunk header "@@ -1,2 \+1,2"/);
    expect(parseError(() => splitDiff("@@ -x +y @@\n-a\n")).message).toMatch(/bad hunk header/);
    expect(parseError(() => splitDiff("@@ -0,0 +0,0 @@\n")).message).toMatch(/bad hunk header/);
  });

  it("rejects diff lines before any hunk header", () => {
    const error = parseError(() => splitDiff("--- a/f\n+++ b/f\n-a\n+b\n"));
    expect(error.message).toMatch(/outside any hunk/);
    expect(error.where.line).toBe(3);
  });

  it("rejects a combined (merge) diff", () => {
    const cc = "diff --cc file.txt\nindex 1111111,2222222..3333333\n--- a/file.txt\n+++ b/file.txt\n@@@ -1,1 -1,1 +1,1 @@@\n- a\n -b\n++c\n";
    expect(parseError(() => splitDiff(cc)).message).toMatch(/combined \(merge\) diffs are not supported/);
    expect(parseError(() => splitDiff("diff --combined f\n")).where.line).toBe(1);
  });

  it("turns a broken quoted path into a parse error with its line", () => {
    const error = parseError(() => splitDiff('diff --git a/ok b/ok\n--- a/ok\n+++ b/ok\n@@ -1 +1 @@\n-a\n+b\ndiff --git "a/x b/x\n'));
    expect(error.where.line).toBe(7);
    expect(error.message).toMatch(/unterminated quoted path/);
    const escape = parseError(() => splitDiff('diff --git a/x b/y\nrename from "\\q"\nrename to y\n'));
    expect(escape.where.line).toBe(2);
  });
});

describe("splitDiff: hunk order", () => {
  it("refuses hunks that overlap or go back up the file, naming the file and the line", () => {
    const overlapping = "diff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -0,0 +1,2 @@\n+a\n+b\n@@ -0,0 +1,1 @@\n+c\n";
    expect(() => splitDiff(overlapping)).toThrow(DiffParseError);
    expect(() => splitDiff(overlapping)).toThrow(/overlaps the previous hunk.*file f.*diff line 7/);
    const reordered = "--- a/f\n+++ b/f\n@@ -10,1 +10,1 @@\n-x\n+y\n@@ -2,1 +2,1 @@\n-p\n+q\n";
    expect(() => splitDiff(reordered)).toThrow(/overlaps the previous hunk or comes before it/);
  });

  it("accepts hunks that touch, as -U0 diffs of adjacent edits can", () => {
    const touching = "--- a/f\n+++ b/f\n@@ -2,0 +3,1 @@\n+x\n@@ -3,1 +4,1 @@\n-p\n+q\n";
    expect(splitDiff(touching)).toHaveLength(1);
  });
});
