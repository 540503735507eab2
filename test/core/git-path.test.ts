import { describe, expect, it } from "vitest";
import { readHeaderPath, readQuotedPath, splitDiffGitPaths, stripPrefix } from "../../src/core/git-path.js";

describe("readQuotedPath", () => {
  it("decodes octal escapes as UTF-8 bytes (core.quotePath)", () => {
    expect(readQuotedPath('"a/\\303\\244.txt"', 0)).toEqual({ path: "a/ä.txt", end: 16 });
    expect(readQuotedPath('"\\346\\227\\245\\346\\234\\254.md"', 0).path).toBe("日本.md");
    expect(readQuotedPath('"emoji \\360\\237\\216\\211.txt"', 0).path).toBe("emoji 🎉.txt");
  });

  it("decodes git's C escapes", () => {
    expect(readQuotedPath('"tab\\there"', 0).path).toBe("tab\there");
    expect(readQuotedPath('"quo\\"te"', 0).path).toBe('quo"te');
    expect(readQuotedPath('"back\\\\slash"', 0).path).toBe("back\\slash");
    expect(readQuotedPath('"new\\nline\\r"', 0).path).toBe("new\nline\r");
    expect(readQuotedPath('"\\a\\b\\f\\v"', 0).path).toBe("\x07\b\f\v");
  });

  it("starts at the given index and reports where the path ends", () => {
    const text = 'x "a b" rest';
    expect(readQuotedPath(text, 2)).toEqual({ path: "a b", end: 7 });
    expect(text.slice(7)).toBe(" rest");
  });

  it("keeps unescaped non-ASCII characters intact (core.quotePath=false writes them raw)", () => {
    expect(readQuotedPath('"ä \\"x\\""', 0).path).toBe('ä "x"');
  });

  it("rejects an unterminated quote and an unknown escape", () => {
    expect(() => readQuotedPath('"a/b', 0)).toThrow(/unterminated quoted path/);
    expect(() => readQuotedPath('"a/\\q"', 0)).toThrow(/unknown escape \\q/);
  });
});

describe("readHeaderPath", () => {
  it("reads plain and quoted paths", () => {
    expect(readHeaderPath("a/src/x.ts")).toBe("a/src/x.ts");
    expect(readHeaderPath('"b/\\303\\244.txt"')).toBe("b/ä.txt");
    expect(readHeaderPath("/dev/null")).toBe("/dev/null");
  });

  it("drops the tab git appends to a path with spaces, and diff -u's timestamp", () => {
    expect(readHeaderPath("a/notes file.md\t")).toBe("a/notes file.md");
    expect(readHeaderPath("old/a.txt\t2024-01-02 03:04:05.000000000 +0000")).toBe("old/a.txt");
  });
});

describe("stripPrefix", () => {
  it("strips only the given prefix", () => {
    expect(stripPrefix("a/x.ts", "a/")).toBe("x.ts");
    expect(stripPrefix("b/x.ts", "a/")).toBe("b/x.ts");
    expect(stripPrefix("x.ts", "b/")).toBe("x.ts");
  });
});

describe("splitDiffGitPaths", () => {
  it("splits simple paths", () => {
    expect(splitDiffGitPaths("a/x.ts b/x.ts")).toEqual({ oldPath: "a/x.ts", newPath: "b/x.ts" });
  });

  it("splits unquoted paths with spaces when both sides name the same file", () => {
    expect(splitDiffGitPaths("a/run me.sh b/run me.sh")).toEqual({
      oldPath: "a/run me.sh",
      newPath: "b/run me.sh",
    });
    // " b/" inside the path itself must not be taken for the second path's start.
    expect(splitDiffGitPaths("a/x b/y.txt b/x b/y.txt")).toEqual({
      oldPath: "a/x b/y.txt",
      newPath: "b/x b/y.txt",
    });
  });

  it("splits different paths at ' b/' (renames, whose real paths come from other headers)", () => {
    expect(splitDiffGitPaths("a/old name.txt b/new name.txt")).toEqual({
      oldPath: "a/old name.txt",
      newPath: "b/new name.txt",
    });
  });

  it("reads quoted paths on either side", () => {
    expect(splitDiffGitPaths('"a/\\303\\244.txt" "b/\\303\\244.txt"')).toEqual({
      oldPath: "a/ä.txt",
      newPath: "b/ä.txt",
    });
    expect(splitDiffGitPaths('a/plain.txt "b/tab\\there.txt"')).toEqual({
      oldPath: "a/plain.txt",
      newPath: "b/tab\there.txt",
    });
    expect(splitDiffGitPaths('"a/quo\\"te.txt" b/plain.txt')).toEqual({
      oldPath: 'a/quo"te.txt',
      newPath: "b/plain.txt",
    });
  });

  it("splits --no-prefix lines, which have no a/ and b/", () => {
    expect(splitDiffGitPaths("src/x.ts src/x.ts")).toEqual({ oldPath: "src/x.ts", newPath: "src/x.ts" });
    expect(splitDiffGitPaths("my file.ts my file.ts")).toEqual({ oldPath: "my file.ts", newPath: "my file.ts" });
  });
});
