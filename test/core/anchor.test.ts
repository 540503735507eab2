import { describe, expect, it } from "vitest";
import {
  anchorFindings,
  diffLineIndex,
  type AnchoredComment,
  type OutsideDiffFinding,
} from "../../src/core/anchor.js";
import type { FileDiff } from "../../src/core/diff-model.js";
import type { Finding } from "../../src/core/finding.js";
import { parseDiffText } from "../../src/core/parse-diff-text.js";

/**
 * One diff with a file of each kind. Line numbers, for the rules below:
 *
 * src/app.ts   hunk 0: old 10-16 (13 deleted), new 10-17 (13, 14 added)
 *              hunk 1: old 40-45 (43 deleted), new 41-45 (no added line)
 * src/remove.ts  only deletions: old 3-9 (6, 7, 8 deleted), new 3-6
 * src/dead.ts    deleted: old 1-2
 * src/fresh.ts   new, no newline at end: new 1-3
 * README.md      old 1-2 (2 deleted, had no newline at end), new 1-3 (2, 3 added)
 * lib/new-name.ts  renamed from lib/old-name.ts: old 1-3 (2 deleted), new 1-3 (2 added)
 * lib/copy.ts    copied from lib/source.ts: new 1-2 (2 added)
 * img/logo.png   binary
 */
const DIFF = [
  "diff --git a/src/app.ts b/src/app.ts",
  "index 1111111..2222222 100644",
  "--- a/src/app.ts",
  "+++ b/src/app.ts",
  "@@ -10,7 +10,8 @@ function main() {",
  " ctx10",
  " ctx11",
  " ctx12",
  "-old13",
  "+new13",
  "+new14",
  " ctx14",
  " ctx15",
  " ctx16",
  "@@ -40,6 +41,5 @@",
  " c40",
  " c41",
  " c42",
  "-d43",
  " c44",
  " c45",
  "diff --git a/src/remove.ts b/src/remove.ts",
  "index 3333333..4444444 100644",
  "--- a/src/remove.ts",
  "+++ b/src/remove.ts",
  "@@ -3,7 +3,4 @@",
  " k3",
  " k4",
  " k5",
  "-gone6",
  "-gone7",
  "-gone8",
  " k9",
  "diff --git a/src/dead.ts b/src/dead.ts",
  "deleted file mode 100644",
  "index 5555555..0000000",
  "--- a/src/dead.ts",
  "+++ /dev/null",
  "@@ -1,2 +0,0 @@",
  "-x",
  "-y",
  "diff --git a/src/fresh.ts b/src/fresh.ts",
  "new file mode 100644",
  "index 0000000..6666666",
  "--- /dev/null",
  "+++ b/src/fresh.ts",
  "@@ -0,0 +1,3 @@",
  "+a",
  "+b",
  "+c",
  "\\ No newline at end of file",
  "diff --git a/README.md b/README.md",
  "index 7777777..8888888 100644",
  "--- a/README.md",
  "+++ b/README.md",
  "@@ -1,2 +1,3 @@",
  " title",
  "-end",
  "\\ No newline at end of file",
  "+end",
  "+more",
  "diff --git a/lib/old-name.ts b/lib/new-name.ts",
  "similarity index 80%",
  "rename from lib/old-name.ts",
  "rename to lib/new-name.ts",
  "index 9999999..aaaaaaa 100644",
  "--- a/lib/old-name.ts",
  "+++ b/lib/new-name.ts",
  "@@ -1,3 +1,3 @@",
  " one",
  "-two",
  "+TWO",
  " three",
  "diff --git a/lib/source.ts b/lib/copy.ts",
  "similarity index 60%",
  "copy from lib/source.ts",
  "copy to lib/copy.ts",
  "index bbbbbbb..ccccccc 100644",
  "--- a/lib/source.ts",
  "+++ b/lib/copy.ts",
  "@@ -1 +1,2 @@",
  " s1",
  "+s2",
  "diff --git a/img/logo.png b/img/logo.png",
  "index ddddddd..eeeeeee 100644",
  "Binary files a/img/logo.png and b/img/logo.png differ",
  "",
].join("\n");

const FILES = parseDiffText(DIFF);

function finding(over: Partial<Finding> & Pick<Finding, "path" | "line">): Finding {
  return { side: "RIGHT", severity: "minor", body: "Something to look at.", source: "model", ...over };
}

/** Anchors one finding; returns the comment, or the outside-diff entry. */
function anchorOne(over: Partial<Finding> & Pick<Finding, "path" | "line">, files: readonly FileDiff[] = FILES, maxMoveLines?: number) {
  const result = anchorFindings([finding(over)], files, maxMoveLines === undefined ? {} : { maxMoveLines });
  expect(result.comments.length + result.outsideDiff.length).toBe(1);
  return { comment: result.comments[0] as AnchoredComment | undefined, outside: result.outsideDiff[0] as OutsideDiffFinding | undefined };
}

function placed(over: Partial<Finding> & Pick<Finding, "path" | "line">, files?: readonly FileDiff[], maxMoveLines?: number): AnchoredComment {
  const { comment, outside } = anchorOne(over, files, maxMoveLines);
  expect(outside, outside?.reason).toBeUndefined();
  return comment!;
}

function outside(over: Partial<Finding> & Pick<Finding, "path" | "line">, files?: readonly FileDiff[], maxMoveLines?: number): OutsideDiffFinding {
  const { comment, outside } = anchorOne(over, files, maxMoveLines);
  expect(comment, "expected outside the diff").toBeUndefined();
  return outside!;
}

/** The position fields only, for compact expectations. */
function position(c: AnchoredComment) {
  return { path: c.path, side: c.side, line: c.line, startLine: c.startLine, moved: c.moved };
}

describe("the test diff", () => {
  it("parses as the comments above say", () => {
    expect(FILES.map((f) => [f.path, f.oldPath, f.status])).toEqual([
      ["src/app.ts", "src/app.ts", "modified"],
      ["src/remove.ts", "src/remove.ts", "modified"],
      ["src/dead.ts", "src/dead.ts", "deleted"],
      ["src/fresh.ts", "src/fresh.ts", "added"],
      ["README.md", "README.md", "modified"],
      ["lib/new-name.ts", "lib/old-name.ts", "renamed"],
      ["lib/copy.ts", "lib/source.ts", "copied"],
      ["img/logo.png", "img/logo.png", "modified"],
    ]);
    expect(FILES[7]!.binary).toBe(true);
  });
});

describe("diffLineIndex", () => {
  it("lists every line per side with its hunk and kind", () => {
    const index = diffLineIndex(FILES[0]!);
    expect([...index.lines.RIGHT.keys()]).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 41, 42, 43, 44, 45]);
    expect([...index.lines.LEFT.keys()]).toEqual([10, 11, 12, 13, 14, 15, 16, 40, 41, 42, 43, 44, 45]);
    expect(index.lines.RIGHT.get(13)).toEqual({ hunk: 0, kind: "add", text: "new13" });
    expect(index.lines.LEFT.get(13)).toEqual({ hunk: 0, kind: "del", text: "old13" });
    expect(index.lines.RIGHT.get(15)).toEqual({ hunk: 0, kind: "context", text: "ctx14" });
    expect(index.lines.LEFT.get(14)).toEqual({ hunk: 0, kind: "context", text: "ctx14" });
    expect(index.lines.RIGHT.get(44)?.hunk).toBe(1);
    expect(index.spans.RIGHT).toEqual([
      { hunk: 0, first: 10, last: 17, lines: [10, 11, 12, 13, 14, 15, 16, 17], changed: [13, 14] },
      { hunk: 1, first: 41, last: 45, lines: [41, 42, 43, 44, 45], changed: [] },
    ]);
    expect(index.spans.LEFT.map((s) => [s.first, s.last, s.changed])).toEqual([
      [10, 16, [13]],
      [40, 45, [43]],
    ]);
  });

  it("has no LEFT side for a new file and no RIGHT side for a deleted one", () => {
    const fresh = diffLineIndex(FILES[3]!);
    expect([...fresh.lines.RIGHT.keys()]).toEqual([1, 2, 3]);
    expect(fresh.lines.LEFT.size).toBe(0);
    expect(fresh.spans.LEFT).toEqual([]);
    const dead = diffLineIndex(FILES[2]!);
    expect([...dead.lines.LEFT.keys()]).toEqual([1, 2]);
    expect(dead.lines.RIGHT.size).toBe(0);
  });

  it("does not count the no-newline marker as a line", () => {
    const readme = diffLineIndex(FILES[4]!);
    expect([...readme.lines.LEFT.keys()]).toEqual([1, 2]);
    expect([...readme.lines.RIGHT.keys()]).toEqual([1, 2, 3]);
  });
});

describe("anchorFindings: lines on the diff", () => {
  it("keeps a RIGHT comment on an added line as it is", () => {
    const f = finding({ path: "src/app.ts", line: 13, title: "t", suggestion: "fixed13" });
    const [c] = anchorFindings([f], FILES).comments;
    expect(c).toEqual({ ...f, lineText: "new13" });
  });

  it("keeps a LEFT comment on a deleted line", () => {
    expect(position(placed({ path: "src/app.ts", line: 43, side: "LEFT" }))).toEqual({
      path: "src/app.ts",
      side: "LEFT",
      line: 43,
      startLine: undefined,
      moved: undefined,
    });
  });

  it("accepts a context line on both sides, each in its own numbering", () => {
    // The context line "ctx14" is old line 14 and new line 15.
    expect(placed({ path: "src/app.ts", line: 15 }).lineText).toBe("ctx14");
    expect(placed({ path: "src/app.ts", line: 14, side: "LEFT" }).lineText).toBe("ctx14");
    expect(placed({ path: "src/app.ts", line: 11, side: "LEFT" }).moved).toBeUndefined();
  });

  it("keeps a RIGHT range inside one hunk, context and added lines mixed", () => {
    expect(position(placed({ path: "src/app.ts", startLine: 11, line: 16 }))).toMatchObject({ startLine: 11, line: 16, moved: undefined });
  });

  it("keeps a LEFT range on deleted lines", () => {
    const c = placed({ path: "src/remove.ts", startLine: 6, line: 8, side: "LEFT" });
    expect(position(c)).toMatchObject({ side: "LEFT", startLine: 6, line: 8, moved: undefined });
    expect(c.lineText).toBe("gone8");
    expect(position(placed({ path: "src/remove.ts", startLine: 4, line: 9, side: "LEFT" }))).toMatchObject({ startLine: 4, line: 9 });
  });

  it("writes a reversed range the right way round, without calling it a move", () => {
    const c = placed({ path: "src/app.ts", startLine: 14, line: 11, suggestion: "x" });
    expect(position(c)).toMatchObject({ startLine: 11, line: 14, moved: undefined });
    expect(c.suggestion).toBe("x");
  });

  it("drops a startLine equal to line", () => {
    const c = placed({ path: "src/app.ts", startLine: 13, line: 13 });
    expect("startLine" in c).toBe(false);
    expect(c.moved).toBeUndefined();
  });
});

describe("anchorFindings: moving a comment onto the diff", () => {
  it("moves a line just below a hunk to its nearest added line, and records where it was", () => {
    // New span of hunk 0 is 10-17: line 20 is 3 lines out, its nearest added line is 14.
    const c = placed({ path: "src/app.ts", line: 20 });
    expect(position(c)).toMatchObject({ line: 14, moved: { line: 20 } });
    expect(c.lineText).toBe("new14");
  });

  it("moves a line just above a hunk to the first added line", () => {
    expect(position(placed({ path: "src/app.ts", line: 8 }))).toMatchObject({ line: 13, moved: { line: 8 } });
  });

  it("moves a LEFT line to the nearest deleted line", () => {
    expect(position(placed({ path: "src/app.ts", line: 19, side: "LEFT" }))).toMatchObject({ side: "LEFT", line: 13, moved: { line: 19 } });
    expect(position(placed({ path: "src/app.ts", line: 47, side: "LEFT" }))).toMatchObject({ line: 43, moved: { line: 47 } });
  });

  it("moves to the nearest line of the side when the hunk changed nothing on it", () => {
    // Hunk 1 only deletes: its new side is context 41-45.
    expect(position(placed({ path: "src/app.ts", line: 47 }))).toMatchObject({ line: 45, moved: { line: 47 } });
    expect(position(placed({ path: "src/remove.ts", line: 7 }))).toMatchObject({ line: 6, moved: { line: 7 } });
  });

  it("lists a line too far from every hunk as outside the diff, keeping its file and line", () => {
    const f = outside({ path: "src/app.ts", line: 21, title: "far" });
    expect(f).toMatchObject({ path: "src/app.ts", line: 21, title: "far", reason: "line 21 is not in the diff" });
    expect(outside({ path: "src/app.ts", line: 30, side: "LEFT" }).reason).toBe("line 30 of the old file is not in the diff");
  });

  it("honours maxMoveLines", () => {
    expect(outside({ path: "src/app.ts", line: 18 }, FILES, 0).reason).toBe("line 18 is not in the diff");
    expect(placed({ path: "src/app.ts", line: 23 }, FILES, 6).line).toBe(14);
    expect(placed({ path: "src/app.ts", line: 13 }, FILES, 0).line).toBe(13);
    expect(() => anchorFindings([], FILES, { maxMoveLines: -1 })).toThrow(RangeError);
  });

  it("shrinks a range across hunks to the part in the hunk that holds its line", () => {
    const c = placed({ path: "src/app.ts", startLine: 15, line: 42, suggestion: "x" });
    expect(position(c)).toMatchObject({ startLine: 41, line: 42, moved: { line: 42, startLine: 15 } });
    expect(c.suggestion).toBeUndefined();
  });

  it("never lets a range span two hunks, even hunks that touch", () => {
    // git merges touching hunks, but a patch from elsewhere need not.
    const touching = parseDiffText(
      ["--- a/t.ts", "+++ b/t.ts", "@@ -1,2 +1,2 @@", "-a", "-b", "+A", "+B", "@@ -3,2 +3,2 @@", "-c", "-d", "+C", "+D", ""].join("\n"),
    );
    expect(position(placed({ path: "t.ts", startLine: 1, line: 4 }, touching))).toMatchObject({ startLine: 3, line: 4, moved: { line: 4, startLine: 1 } });
  });

  it("shrinks a range that starts above its hunk", () => {
    expect(position(placed({ path: "src/app.ts", startLine: 5, line: 12 }))).toMatchObject({ startLine: 10, line: 12, moved: { line: 12, startLine: 5 } });
  });

  it("treats a range whose line is off the diff as that single line", () => {
    // Line 19 is off the diff but within reach of hunk 0: a single-line comment on 14.
    const c = placed({ path: "src/app.ts", startLine: 12, line: 19 });
    expect(position(c)).toEqual({ path: "src/app.ts", side: "RIGHT", line: 14, startLine: undefined, moved: { line: 19, startLine: 12 } });
    expect(outside({ path: "src/app.ts", startLine: 12, line: 30 }).reason).toBe("lines 12-30 are not in the diff");
  });

  it("ignores a startLine that is not a whole number, as a move", () => {
    const c = placed({ path: "src/app.ts", startLine: 11.5, line: 13, suggestion: "x" });
    expect(position(c)).toMatchObject({ line: 13, startLine: undefined, moved: { line: 13, startLine: 11.5 } });
    expect(c.suggestion).toBeUndefined();
  });

  it("lists lines that are no line numbers as outside the diff", () => {
    for (const line of [0, -1, 2.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(outside({ path: "src/app.ts", line }).reason).toBe(`line ${line} is not a line number`);
    }
    expect(outside({ path: "src/app.ts", line: 1e12 }).reason).toBe("line 1000000000000 is not in the diff");
  });
});

describe("anchorFindings: files", () => {
  it("lists an unknown path as outside the diff", () => {
    expect(outside({ path: "src/nope.ts", line: 13 }).reason).toBe("file not in the reviewed diff");
    // Case is meaning on most filesystems, so it is never guessed.
    expect(outside({ path: "SRC/APP.TS", line: 13 }).reason).toBe("file not in the reviewed diff");
  });

  it("maps a renamed file's old path to its new path, LEFT lines keeping the old numbering", () => {
    const left = placed({ path: "lib/old-name.ts", line: 2, side: "LEFT" });
    expect(position(left)).toMatchObject({ path: "lib/new-name.ts", side: "LEFT", line: 2 });
    expect(left.lineText).toBe("two");
    const right = placed({ path: "lib/old-name.ts", line: 2 });
    expect(position(right)).toMatchObject({ path: "lib/new-name.ts", side: "RIGHT", line: 2 });
    expect(right.lineText).toBe("TWO");
    expect(placed({ path: "lib/new-name.ts", line: 2, side: "LEFT" }).lineText).toBe("two");
  });

  it("keeps the given path of an old-path finding that lands outside the diff", () => {
    expect(outside({ path: "lib/old-name.ts", line: 40 })).toMatchObject({ path: "lib/old-name.ts", line: 40 });
  });

  it("does not map a copy's source path: that file still exists", () => {
    expect(outside({ path: "lib/source.ts", line: 1 }).reason).toBe("file not in the reviewed diff");
    expect(placed({ path: "lib/copy.ts", line: 2 }).path).toBe("lib/copy.ts");
  });

  it("prefers a file's new path over another file's old path", () => {
    const swap = parseDiffText(
      [
        "diff --git a/a.ts b/b.ts",
        "similarity index 90%",
        "rename from a.ts",
        "rename to b.ts",
        "--- a/a.ts",
        "+++ b/b.ts",
        "@@ -1,2 +1,2 @@",
        " keep",
        "-was b",
        "+now b",
        "diff --git a/a.ts b/a.ts",
        "new file mode 100644",
        "--- /dev/null",
        "+++ b/a.ts",
        "@@ -0,0 +1 @@",
        "+brand new a",
        "",
      ].join("\n"),
    );
    expect(placed({ path: "a.ts", line: 1 }, swap).lineText).toBe("brand new a");
  });

  it("comments on a deleted file only on the LEFT", () => {
    expect(placed({ path: "src/dead.ts", line: 2, side: "LEFT" }).lineText).toBe("y");
    expect(outside({ path: "src/dead.ts", line: 2 }).reason).toBe("file is deleted: it has no new lines");
  });

  it("comments on a new file only on the RIGHT; the line past its end moves onto its last line", () => {
    expect(placed({ path: "src/fresh.ts", line: 3 }).lineText).toBe("c");
    expect(position(placed({ path: "src/fresh.ts", line: 4 }))).toMatchObject({ line: 3, moved: { line: 4 } });
    expect(outside({ path: "src/fresh.ts", line: 1, side: "LEFT" }).reason).toBe("file is new: it has no old lines");
  });

  it("handles a file whose old side had no newline at its end", () => {
    expect(placed({ path: "README.md", line: 2, side: "LEFT" }).lineText).toBe("end");
    expect(placed({ path: "README.md", line: 3 }).lineText).toBe("more");
    expect(position(placed({ path: "README.md", line: 3, side: "LEFT" }))).toMatchObject({ line: 2, moved: { line: 3 } });
  });

  it("lists a comment on a binary file as outside the diff", () => {
    expect(outside({ path: "img/logo.png", line: 1 }).reason).toBe("binary file: no lines to comment on");
  });

  it("treats a pure rename without hunks as having no lines", () => {
    const files = parseDiffText(
      "diff --git a/x.ts b/y.ts\nsimilarity index 100%\nrename from x.ts\nrename to y.ts\n",
    );
    expect(outside({ path: "x.ts", line: 1 }, files).reason).toBe("file has no changed lines to comment on");
  });

  it("lists every finding as outside the diff when no file was reviewed", () => {
    expect(outside({ path: "src/app.ts", line: 13 }, []).reason).toBe("file not in the reviewed diff");
  });
});

describe("anchorFindings: paths as models write them", () => {
  it.each([
    ["./src/app.ts"],
    ["b/src/app.ts"],
    ["a/src/app.ts"],
    ["/src/app.ts"],
    ["src\\app.ts"],
    [".\\src\\app.ts"],
    ["`src/app.ts`"],
    [" src/app.ts "],
  ])("matches %j to src/app.ts", (path) => {
    expect(position(placed({ path, line: 13 }))).toMatchObject({ path: "src/app.ts", line: 13 });
  });

  it("matches prefixed old and new names of a renamed file", () => {
    expect(position(placed({ path: "a/lib/old-name.ts", line: 2, side: "LEFT" }))).toMatchObject({ path: "lib/new-name.ts", line: 2 });
    expect(position(placed({ path: "b/lib/new-name.ts", line: 2 }))).toMatchObject({ path: "lib/new-name.ts", line: 2 });
  });

  it("lists a normalised path outside the diff under the diff's name for it", () => {
    expect(outside({ path: "./src/app.ts", line: 300 })).toMatchObject({ path: "src/app.ts", reason: "line 300 is not in the diff" });
    expect(outside({ path: "a/lib/old-name.ts", line: 40 })).toMatchObject({ path: "lib/old-name.ts" });
    expect(outside({ path: "./src/nope.ts", line: 1 })).toMatchObject({ path: "./src/nope.ts", reason: "file not in the reviewed diff" });
  });

  it("prefers a real top-level b/ folder over taking the prefix off", () => {
    const files = parseDiffText(
      [
        "diff --git a/b/x.ts b/b/x.ts",
        "--- a/b/x.ts",
        "+++ b/b/x.ts",
        "@@ -1 +1 @@",
        "-in folder b",
        "+IN FOLDER B",
        "diff --git a/x.ts b/x.ts",
        "--- a/x.ts",
        "+++ b/x.ts",
        "@@ -1 +1 @@",
        "-at the top",
        "+AT THE TOP",
        "",
      ].join("\n"),
    );
    expect(placed({ path: "b/x.ts", line: 1 }, files).lineText).toBe("IN FOLDER B");
    expect(placed({ path: "b/b/x.ts", line: 1 }, files).lineText).toBe("IN FOLDER B");
    expect(placed({ path: "x.ts", line: 1 }, files).lineText).toBe("AT THE TOP");
    expect(placed({ path: "a/x.ts", line: 1 }, files).lineText).toBe("AT THE TOP");
    // A skipped b/x.ts is still the exact match: the comment is not moved onto x.ts.
    const [inB, top] = files as [FileDiff, FileDiff];
    const skipped = [{ path: inB.path, detail: "generated (b/*)" }];
    const result = anchorFindings([finding({ path: "b/x.ts", line: 1 })], [top], { skipped });
    expect(result.outsideDiff).toMatchObject([{ path: "b/x.ts", reason: "b/x.ts was not reviewed: generated (b/*)" }]);
  });
});

describe("anchorFindings: files that were not reviewed", () => {
  const skipped = [
    { path: "src/gen.ts", detail: "generated (linguist-generated in .gitattributes line 1: src/gen.ts)" },
    { path: "package-lock.json", detail: "lockfile (package-lock.json)" },
  ];

  it("names the skip reason, under the diff's name for the file", () => {
    const result = anchorFindings(
      [finding({ path: "src/gen.ts", line: 3 }), finding({ path: "./package-lock.json", line: 1 }), finding({ path: "src/nope.ts", line: 1 })],
      FILES,
      { skipped },
    );
    expect(result.comments).toEqual([]);
    expect(result.outsideDiff.map((f) => [f.path, f.reason])).toEqual([
      ["package-lock.json", "package-lock.json was not reviewed: lockfile (package-lock.json)"],
      ["src/gen.ts", "src/gen.ts was not reviewed: generated (linguist-generated in .gitattributes line 1: src/gen.ts)"],
      ["src/nope.ts", "file not in the reviewed diff"],
    ]);
  });

  it("still places a comment on a reviewed file of the same name", () => {
    const result = anchorFindings([finding({ path: "src/app.ts", line: 13 })], FILES, { skipped: [{ path: "src/app.ts", detail: "too large" }] });
    expect(result.comments.map(position)).toMatchObject([{ path: "src/app.ts", line: 13 }]);
  });
});

describe("anchorFindings: suggestions", () => {
  it("keeps a suggestion on added lines, on context lines, and on a range of both", () => {
    expect(placed({ path: "src/app.ts", line: 14, suggestion: "a" }).suggestion).toBe("a");
    expect(placed({ path: "src/remove.ts", line: 4, suggestion: "b" }).suggestion).toBe("b");
    expect(placed({ path: "src/app.ts", startLine: 12, line: 15, suggestion: "c" }).suggestion).toBe("c");
  });

  it("drops the suggestion of a moved comment, keeping its body", () => {
    const c = placed({ path: "src/app.ts", line: 20, body: "Explain.", suggestion: "x" });
    expect(c.moved).toEqual({ line: 20 });
    expect(c.body).toBe("Explain.");
    expect("suggestion" in c).toBe(false);
  });

  it("drops a suggestion on the LEFT: there is nothing there to replace", () => {
    const c = placed({ path: "src/app.ts", line: 13, side: "LEFT", suggestion: "x" });
    expect(c.moved).toBeUndefined();
    expect("suggestion" in c).toBe(false);
  });

  it("drops the suggestion of a shrunk range", () => {
    expect("suggestion" in placed({ path: "src/app.ts", startLine: 8, line: 13, suggestion: "x" })).toBe(false);
  });

  it("keeps a suggestion that deletes the lines (empty replacement)", () => {
    expect(placed({ path: "src/app.ts", line: 13, suggestion: "" }).suggestion).toBe("");
  });
});

describe("anchorFindings: the whole list", () => {
  it("treats a secret-scan finding by the same rules", () => {
    const result = anchorFindings(
      [
        finding({ path: "src/app.ts", line: 13, source: "secret-scan", severity: "critical" }),
        finding({ path: "src/app.ts", line: 19, source: "secret-scan", severity: "critical" }),
        finding({ path: "src/app.ts", line: 30, source: "secret-scan", severity: "critical" }),
      ],
      FILES,
    );
    expect(result.comments.map((c) => [c.line, c.moved?.line, c.source])).toEqual([
      [13, undefined, "secret-scan"],
      [14, 19, "secret-scan"],
    ]);
    expect(result.outsideDiff.map((f) => [f.line, f.source])).toEqual([[30, "secret-scan"]]);
  });

  it("sorts by path, then line, then input order, in both lists", () => {
    const input = [
      finding({ path: "src/app.ts", line: 15, body: "a" }),
      finding({ path: "README.md", line: 3, body: "b" }),
      finding({ path: "src/app.ts", line: 13, body: "c" }),
      finding({ path: "src/app.ts", line: 20, body: "d" }), // moved to 14
      finding({ path: "src/app.ts", line: 14, body: "e" }),
      finding({ path: "zzz.ts", line: 1, body: "f" }),
      finding({ path: "aaa.ts", line: 9, body: "g" }),
      finding({ path: "aaa.ts", line: 2, body: "h" }),
      finding({ path: "src/app.ts", line: 13, body: "i" }),
      finding({ path: "lib/old-name.ts", line: 2, body: "j" }), // becomes lib/new-name.ts
    ];
    const result = anchorFindings(input, FILES);
    expect(result.comments.map((c) => c.body)).toEqual(["b", "j", "c", "i", "d", "e", "a"]);
    expect(result.outsideDiff.map((c) => c.body)).toEqual(["h", "g", "f"]);
  });

  it("keeps extra fields of the findings and never changes the input", () => {
    const input = [{ ...finding({ path: "src/app.ts", line: 20, startLine: 18, suggestion: "s" }), chunk: 3 }];
    const copy = structuredClone(input);
    const { comments } = anchorFindings(input, FILES);
    expect(input).toEqual(copy);
    expect(comments[0]!.chunk).toBe(3);
  });

  it("changes nothing when anchoring its own output again", () => {
    const input = [
      finding({ path: "src/app.ts", line: 20, suggestion: "s" }),
      finding({ path: "src/app.ts", startLine: 15, line: 42 }),
      finding({ path: "lib/old-name.ts", line: 2, side: "LEFT" }),
      finding({ path: "src/app.ts", line: 14, startLine: 11, suggestion: "t" }),
    ];
    const once = anchorFindings(input, FILES);
    const twice = anchorFindings(once.comments, FILES);
    expect(twice.outsideDiff).toEqual([]);
    expect(twice.comments).toEqual(once.comments);
  });
});
