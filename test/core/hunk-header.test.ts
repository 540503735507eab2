import { describe, expect, it } from "vitest";
import { parseHunkHeader } from "../../src/core/hunk-header.js";

describe("parseHunkHeader", () => {
  it("reads starts and counts, a left-out count meaning 1, and ignores the section text after", () => {
    expect(parseHunkHeader("@@ -10,7 +12,9 @@ function f() {")).toEqual({ oldStart: 10, oldLines: 7, newStart: 12, newLines: 9 });
    expect(parseHunkHeader("@@ -3 +4 @@")).toEqual({ oldStart: 3, oldLines: 1, newStart: 4, newLines: 1 });
    expect(parseHunkHeader("@@ -0,0 +1,2 @@")).toEqual({ oldStart: 0, oldLines: 0, newStart: 1, newLines: 2 });
  });

  it("reads a header in place inside a larger text, only where one starts", () => {
    const text = " context\n@@ -5,2 +6,3 @@\n+x\n";
    expect(parseHunkHeader(text, 9)).toEqual({ oldStart: 5, oldLines: 2, newStart: 6, newLines: 3 });
    expect(parseHunkHeader(text, 0)).toBeNull();
    expect(parseHunkHeader(text, 10)).toBeNull();
  });

  it.each(["@@ -1,2 +1,2", "@@ 1,2 1,2 @@", "@@@ -1 -1 +1 @@@", "@@ -a,1 +1 @@", "diff --git a/x b/x"])("refuses %j", (line) => {
    expect(parseHunkHeader(line)).toBeNull();
  });
});
