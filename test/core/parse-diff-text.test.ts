import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DiffParseError, type FileDiff } from "../../src/core/diff-model.js";
import { parseDiffText, parseFilePatch } from "../../src/core/parse-diff-text.js";

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/diffs/${name}`, import.meta.url), "utf8");

/** Each line as `<marker> <old>/<new> <text>`: compact, and a wrong number shows at a glance. */
const lineMap = (file: FileDiff) =>
  file.hunks.map((h) =>
    h.lines.map((l) => `${{ add: "+", del: "-", context: "=" }[l.kind]} ${l.oldLine ?? "-"}/${l.newLine ?? "-"} ${l.text}`),
  );

const git = (path: string, hunks: string) =>
  `diff --git a/${path} b/${path}\nindex 1111111..2222222 100644\n--- a/${path}\n+++ b/${path}\n${hunks}`;

describe("parseDiffText: hunks and line numbers", () => {
  it("reads a header without counts as one line each side", () => {
    const [file] = parseDiffText(git("a.txt", "@@ -1 +1 @@\n-old\n+new\n"));
    expect(file!.hunks[0]).toMatchObject({ oldStart: 1, oldLines: 1, newStart: 1, newLines: 1 });
    expect(lineMap(file!)).toEqual([["- 1/- old", "+ -/1 new"]]);
  });

  it("reads `@@ -0,0 +1 @@` (a new one-line file)", () => {
    const [file] = parseDiffText("diff --git a/n b/n\nnew file mode 100644\n--- /dev/null\n+++ b/n\n@@ -0,0 +1 @@\n+only\n");
    expect(file!.hunks[0]).toMatchObject({ oldStart: 0, oldLines: 0, newStart: 1, newLines: 1 });
    expect(lineMap(file!)).toEqual([["+ -/1 only"]]);
  });

  it("keeps the section heading after `@@` in the header, out of the lines", () => {
    const [file] = parseDiffText(git("a.ts", "@@ -10,3 +10,3 @@ export function f(a: number) {\n ctx\n-a\n+b\n ctx2\n"));
    expect(file!.hunks[0]!.header).toBe("@@ -10,3 +10,3 @@ export function f(a: number) {");
    expect(lineMap(file!)).toEqual([["= 10/10 ctx", "- 11/- a", "+ -/11 b", "= 12/12 ctx2"]]);
  });

  it("numbers lines across several hunks with different offsets", () => {
    const [file] = parseDiffText(
      git("a.txt", "@@ -2,2 +2,3 @@\n b\n+b2\n c\n@@ -20,3 +21,1 @@\n-t\n-u\n v\n@@ -40 +38,0 @@\n-gone\n"),
    );
    expect(lineMap(file!)).toEqual([
      ["= 2/2 b", "+ -/3 b2", "= 3/4 c"],
      ["- 20/- t", "- 21/- u", "= 22/21 v"],
      ["- 40/- gone"],
    ]);
  });

  it("turns `\\ No newline at end of file` into flags, never into a line", () => {
    const [file] = parseDiffText(
      git("a.txt", "@@ -1,2 +1,3 @@\n a\n-b\n\\ No newline at end of file\n+b\n+c\n\\ No newline at end of file\n"),
    );
    expect(lineMap(file!)).toEqual([["= 1/1 a", "- 2/- b", "+ -/2 b", "+ -/3 c"]]);
    expect(file!.hunks[0]).toMatchObject({ oldNoNewlineAtEnd: true, newNoNewlineAtEnd: true, newLines: 3 });
    const [context] = parseDiffText(git("b.txt", "@@ -1,2 +1,2 @@\n-a\n+A\n z\n\\ No newline at end of file\n"));
    expect(context!.hunks[0]).toMatchObject({ oldNoNewlineAtEnd: true, newNoNewlineAtEnd: true });
    expect(lineMap(context!)).toEqual([["- 1/- a", "+ -/1 A", "= 2/2 z"]]);
  });

  it("reads the no-newline marker in another language (GNU diff translates it)", () => {
    const diff = "--- a.txt\n+++ b.txt\n@@ -1,2 +1,2 @@\n x\n-y\n\\ Kein Zeilenumbruch am Dateiende.\n+z\n\\ Kein Zeilenumbruch am Dateiende.\n";
    const [file] = parseDiffText(diff);
    expect(lineMap(file!)).toEqual([["= 1/1 x", "- 2/- y", "+ -/2 z"]]);
    expect(file!.hunks[0]).toMatchObject({ oldNoNewlineAtEnd: true, newNoNewlineAtEnd: true });
  });

  it("keeps content that looks like diff syntax as content", () => {
    const [file] = parseDiffText(
      git("x.txt", "@@ -1,4 +1,4 @@\n--- a/fake\n+++ b/fake\n @@ -1 +1 @@\n-\\ No newline at end of file\n+diff --git a/y b/y\n -- \n"),
    );
    expect(lineMap(file!)).toEqual([
      ["- 1/- -- a/fake", "+ -/1 ++ b/fake", "= 2/2 @@ -1 +1 @@", "- 3/- \\ No newline at end of file", "+ -/3 diff --git a/y b/y", "= 4/4 -- "],
    ]);
    expect(file!.hunks[0]).toMatchObject({ oldNoNewlineAtEnd: false, newNoNewlineAtEnd: false });
  });

  it("reads an empty line inside a hunk as an empty context line (whitespace-damaged diffs)", () => {
    const [file] = parseDiffText(git("a.txt", "@@ -1,3 +1,3 @@\n a\n\n-b\n+c\n"));
    expect(lineMap(file!)).toEqual([["= 1/1 a", "= 2/2 ", "- 3/- b", "+ -/3 c"]]);
  });

  it("keeps the CR of CRLF files, and reads a diff converted to CRLF throughout", () => {
    const diff = git("w.txt", "@@ -1,2 +1,2 @@\n one\r\n-two\r\n+2\r\n");
    const expected = [["= 1/1 one\r", "- 2/- two\r", "+ -/2 2\r"]];
    expect(lineMap(parseDiffText(diff)[0]!)).toEqual(expected);
    expect(lineMap(parseDiffText(diff.replace(/\n/g, "\r\n"))[0]!)).toEqual(expected);
    const lf = git("u.txt", "@@ -1 +1,2 @@\n a\n+b\n\\ No newline at end of file\n");
    const [crlf] = parseDiffText(lf.replace(/\n/g, "\r\n"));
    expect(crlf).toEqual(parseDiffText(lf)[0]);
  });

  it("gives no hunks for binary files, mode changes and empty new files", () => {
    const diff = [
      "diff --git a/i.png b/i.png",
      "index 1111111..2222222 100644",
      "Binary files a/i.png and b/i.png differ",
      "diff --git a/run me.sh b/run me.sh",
      "old mode 100644",
      "new mode 100755",
      "diff --git a/e b/e",
      "new file mode 100644",
      "index 0000000..e69de29",
      "",
    ].join("\n");
    expect(parseDiffText(diff).map((f) => [f.path, f.status, f.binary, f.hunks.length, f.newMode])).toEqual([
      ["i.png", "modified", true, 0, "100644"],
      ["run me.sh", "modified", false, 0, "100755"],
      ["e", "added", false, 0, "100644"],
    ]);
  });

  it("reads submodule lines as lines of a file marked as a submodule", () => {
    const a = "a".repeat(40);
    const b = "b".repeat(40);
    const [file] = parseDiffText(
      `diff --git a/lib b/lib\nindex aaaaaaa..bbbbbbb 160000\n--- a/lib\n+++ b/lib\n@@ -1 +1 @@\n-Subproject commit ${a}\n+Subproject commit ${b}\n`,
    );
    expect(file).toMatchObject({ submodule: true, oldMode: "160000" });
    expect(lineMap(file!)).toEqual([[`- 1/- Subproject commit ${a}`, `+ -/1 Subproject commit ${b}`]]);
  });

  it("gives no files for an empty diff", () => {
    expect(parseDiffText("")).toEqual([]);
  });
});

describe("parseDiffText: fixtures from real tools", () => {
  it("reads `git format-patch` output, signature and all", () => {
    const files = parseDiffText(fixture("format-patch.patch"));
    expect(files.map((f) => [f.path, f.status])).toEqual([
      ["math.ts", "modified"],
      ["notes file.md", "modified"],
    ]);
    expect(lineMap(files[0]!)[0]!.slice(-4)).toEqual([
      "+ -/8 ",
      "+ -/9 export function mul(a: number, b: number): number {",
      "+ -/10   return a * b;",
      "+ -/11 }",
    ]);
    expect(lineMap(files[1]!)).toEqual([["= 1/1 # Notes", "= 2/2 ", "= 3/3 some notes", "+ -/4 - a list item"]]);
  });

  it("reads plain `diff -ruN` output", () => {
    const files = parseDiffText(fixture("plain-ruN.diff"));
    const tail = files.find((f) => f.path === "new/src/tail.txt")!;
    expect(lineMap(tail)).toEqual([["= 1/1 one", "- 2/- two", "+ -/2 two", "+ -/3 three"]]);
    expect(tail.hunks[0]).toMatchObject({ oldNoNewlineAtEnd: true, newNoNewlineAtEnd: false });
    const added = files.find((f) => f.path === "new/src/added.txt")!;
    expect(added.status).toBe("added");
    expect(lineMap(added)).toEqual([["+ -/1 fresh", "+ -/2 file"]]);
  });
});

describe("parseDiffText: errors", () => {
  it("raises DiffParseError saying where, for input that is not a diff", () => {
    expect(() => parseDiffText("just some text\n")).toThrow(DiffParseError);
    expect(() => parseDiffText("just some text\n")).toThrow(/not a unified diff.*\(at diff line 1\)$/);
  });

  it("raises DiffParseError for a hunk shorter or longer than its header", () => {
    expect(() => parseDiffText(git("a.txt", "@@ -1,3 +1,3 @@\n a\n-b\n+c\n"))).toThrow(
      /diff ends inside the hunk .*\(at file a\.txt, diff line 5\)/,
    );
    expect(() => parseDiffText(git("a.txt", "@@ -1,2 +1,2 @@\n a\n-b\n+c\n d\n e\n"))).toThrow(
      /more lines than its header says \(at file a\.txt, diff line 9\)/,
    );
  });
});

describe("parseFilePatch (headerless patches from forge APIs)", () => {
  const patch = "@@ -1,3 +1,3 @@ class A {\n a\n-b\n+B\n c\n@@ -10 +10,2 @@\n x\n+y";

  it("maps the lines and takes path and status from the API's fields", () => {
    const file = parseFilePatch(patch, { path: "src/new.ts", oldPath: "src/old.ts", status: "renamed" });
    expect(file).toMatchObject({
      path: "src/new.ts",
      oldPath: "src/old.ts",
      status: "renamed",
      binary: false,
      additions: 2,
      deletions: 1,
      patchBytes: patch.length,
    });
    expect(lineMap(file)).toEqual([
      ["= 1/1 a", "- 2/- b", "+ -/2 B", "= 3/3 c"],
      ["= 10/10 x", "+ -/11 y"],
    ]);
  });

  it("gives the same hunks as the full diff does", () => {
    const [full] = parseDiffText(git("a.txt", patch + "\n"));
    expect(parseFilePatch(patch, { path: "a.txt", status: "modified" }).hunks).toEqual(full!.hunks);
  });

  it("gives a file with no hunks when the API sends no patch (binary, too large)", () => {
    for (const none of [null, undefined, ""]) {
      expect(parseFilePatch(none, { path: "img.png", status: "added", binary: true })).toMatchObject({
        path: "img.png",
        oldPath: "img.png",
        status: "added",
        binary: true,
        hunks: [],
        additions: 0,
        patchBytes: 0,
      });
    }
  });

  it("flags a binary file when the patch is a `Binary files ... differ` line", () => {
    const file = parseFilePatch("Binary files a/img.png and b/img.png differ\n", { path: "img.png", status: "modified" });
    expect(file).toMatchObject({ binary: true, hunks: [] });
  });

  it("keeps the no-newline flags and leaves the marker out of the lines", () => {
    const file = parseFilePatch("@@ -1 +1 @@\n-a\n\\ No newline at end of file\n+a", { path: "x", status: "modified" });
    expect(lineMap(file)).toEqual([["- 1/- a", "+ -/1 a"]]);
    expect(file.hunks[0]).toMatchObject({ oldNoNewlineAtEnd: true, newNoNewlineAtEnd: false });
  });

  it("names the API's path in its errors, since the patch has none", () => {
    expect(() => parseFilePatch("@@ -1,2 +1,2 @@\n-a\n+b", { path: "src/x.ts", status: "modified" })).toThrow(
      /diff ends inside the hunk at diff line 1.*\(at file src\/x\.ts, diff line 1\)$/,
    );
    expect(() => parseFilePatch("not a patch", { path: "src/x.ts", status: "modified" })).toThrow(
      /not a unified diff.*\(at file src\/x\.ts, diff line 1\)$/,
    );
  });

  it("refuses a patch that holds several files", () => {
    const two = git("a", "@@ -1 +1 @@\n-a\n+b\n") + git("b", "@@ -1 +1 @@\n-a\n+b\n");
    expect(() => parseFilePatch(two, { path: "a", status: "modified" })).toThrow(/holds 2 files/);
  });
});
