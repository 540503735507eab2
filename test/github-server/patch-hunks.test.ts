import { describe, expect, test } from "vitest";
import { createRepo } from "../support/git-repo.js";
import { changedFiles } from "../support/github-server/git-reader.js";
import { findLine, findPosition, parsePatch } from "../support/github-server/patch-hunks.js";

/** The patch GitHub would list for one file changed between two commits of a real repository. */
function realPatch(before: string, after: string): string {
  const repo = createRepo();
  try {
    repo.write("f.txt", before);
    const base = repo.commit("base");
    repo.write("f.txt", after);
    const head = repo.commit("head");
    const [file] = changedFiles(repo, base, head, { maxPatchBytes: 1_000_000 });
    if (!file?.patch) throw new Error("expected a patch");
    return file.patch;
  } finally {
    repo.cleanup();
  }
}

const lines = (count: number, change: (n: number) => string = String) => Array.from({ length: count }, (_, i) => `${change(i + 1)}\n`).join("");

describe("parsePatch", () => {
  test("numbers every line of every hunk by the file's own line numbers, as git wrote them", () => {
    const before = lines(30);
    const after = lines(30, (n) => (n === 5 ? "five" : n === 25 ? "twenty-five" : String(n)));
    const hunks = parsePatch(realPatch(before, after));

    expect(hunks.map((hunk) => [hunk.oldStart, hunk.newStart])).toEqual([[2, 2], [22, 22]]);
    const beforeLines = before.split("\n");
    const afterLines = after.split("\n");
    for (const line of hunks.flatMap((hunk) => hunk.lines)) {
      // The line's text is the last row of its diff_hunk, after the +/-/space marker.
      const text = line.diffHunk.split("\n").at(-1)!.slice(1);
      if (line.newLine !== undefined) expect(afterLines[line.newLine - 1]).toBe(text);
      if (line.oldLine !== undefined) expect(beforeLines[line.oldLine - 1]).toBe(text);
    }
    expect(findLine(hunks, "RIGHT", 5)?.line.kind).toBe("add");
    expect(findLine(hunks, "LEFT", 5)?.line.kind).toBe("del");
    expect(findLine(hunks, "RIGHT", 12)).toBeUndefined();
    expect(findLine(hunks, "RIGHT", 25)?.hunk).toBe(1);
  });

  test("counts positions from the first header on, later headers included", () => {
    const hunks = parsePatch("@@ -1,2 +1,2 @@\n a\n-b\n+B\n@@ -10,1 +10,1 @@\n-x\n+X\n");
    expect(hunks[0]!.lines.map((line) => line.position)).toEqual([1, 2, 3]);
    // Position 4 is the second header itself; its lines start at 5.
    expect(hunks[1]!.lines.map((line) => line.position)).toEqual([5, 6]);
    expect(findPosition(hunks, 4)).toBeUndefined();
    expect(findPosition(hunks, 6)?.line).toMatchObject({ kind: "add", newLine: 10 });
  });

  test("a missing newline at end of file takes a position but is no line", () => {
    const patch = realPatch("a\nb", "a\nc");
    expect(patch).toContain("\\ No newline at end of file");
    const [hunk] = parsePatch(patch);
    expect(hunk!.lines.map((line) => [line.kind, line.oldLine, line.newLine])).toEqual([
      ["context", 1, 1],
      ["del", 2, undefined],
      ["add", undefined, 2],
    ]);
    expect(hunk!.lines.map((line) => line.position)).toEqual([1, 2, 4]);
  });

  test("diff_hunk runs from the hunk header down to the line", () => {
    const [hunk] = parsePatch("@@ -1,3 +1,3 @@\n a\n-b\n+B\n c");
    expect(hunk!.lines[2]!.diffHunk).toBe("@@ -1,3 +1,3 @@\n a\n-b\n+B");
  });

  test("text before any header is refused with the line it is on", () => {
    expect(() => parsePatch("+orphan\n@@ -1 +1 @@\n-a\n+b")).toThrow(/line 1 comes before any "@@" hunk header/);
  });
});
