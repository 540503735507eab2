import { createHash } from "node:crypto";
import { describe, expect, test } from "vitest";
import { LINE_CODE_ERRORS, noteRefusal } from "../support/gitlab-server/gitlab-errors.js";
import { checkPosition, diffLines, lineCode, type PositionInput, type VersionDiff } from "../support/gitlab-server/position-rules.js";

// app.txt: line 2 "two" became "TWO" (hunk 1); "ten-and-half" added after line 10 (hunk 2).
const APP = ["@@ -1,4 +1,4 @@", " one", "-two", "+TWO", " three", " four", "@@ -10,3 +10,4 @@", " ten", "+ten-and-half", " eleven", " twelve", ""].join("\n");
const NEW_FILE = ["@@ -0,0 +1,2 @@", "+hello", "+world", ""].join("\n");
const RENAMED = ["@@ -1,2 +1,2 @@", "-old", "+new", " same", ""].join("\n");

const V1: VersionDiff = { baseSha: "b1", startSha: "s1", headSha: "h1", files: [{ oldPath: "app.txt", newPath: "app.txt", hunks: APP }] };
const V2: VersionDiff = {
  baseSha: "b1",
  startSha: "s2",
  headSha: "h2",
  files: [
    { oldPath: "app.txt", newPath: "app.txt", hunks: APP },
    { oldPath: "new.txt", newPath: "new.txt", hunks: NEW_FILE },
    { oldPath: "before.txt", newPath: "after.txt", hunks: RENAMED },
  ],
};
const VERSIONS = [V1, V2];
const sha1 = (text: string) => createHash("sha1").update(text).digest("hex");

function at(lines: Partial<PositionInput>, version = V2): PositionInput {
  return { base_sha: version.baseSha, start_sha: version.startSha, head_sha: version.headSha, position_type: "text", old_path: "app.txt", new_path: "app.txt", ...lines };
}

describe("the old_line / new_line pair", () => {
  test.each([
    ["an added line by new_line alone", { new_line: 2 }, { old_line: null, new_line: 2 }],
    ["a removed line by old_line alone", { old_line: 2 }, { old_line: 2, new_line: null }],
    ["a context line by both numbers", { old_line: 3, new_line: 3 }, { old_line: 3, new_line: 3 }],
    ["a context line of the second hunk, where the numbers differ", { old_line: 11, new_line: 12 }, { old_line: 11, new_line: 12 }],
  ])("accepts %s", (_name, lines, stored) => {
    const checked = checkPosition(at(lines), VERSIONS);
    expect(checked.ok).toBe(true);
    if (checked.ok) expect(checked.position).toMatchObject({ ...stored, old_path: "app.txt", new_path: "app.txt", base_sha: "b1", start_sha: "s2", head_sha: "h2", line_range: null });
  });

  test.each([
    ["an added line with an old_line too", { old_line: 2, new_line: 2 }],
    ["an added line by old_line", { old_line: 3 }],
    ["a context line by new_line alone", { new_line: 3 }],
    ["a context line by old_line alone", { old_line: 3 }],
    ["a context line with numbers of two different lines", { old_line: 3, new_line: 4 }],
    ["a line outside the hunks", { new_line: 7 }],
    ["a line past the end of the file", { new_line: 400 }],
    ["no line at all", {}],
  ])("refuses %s with GitLab's line_code errors", (_name, lines) => {
    expect(checkPosition(at(lines), VERSIONS)).toEqual({ ok: false, errors: LINE_CODE_ERRORS });
  });
});

describe("the SHAs and paths", () => {
  test("the diff_refs of an earlier version are accepted; SHAs of no version are refused", () => {
    expect(checkPosition(at({ new_line: 2 }, V1), VERSIONS).ok).toBe(true);
    expect(checkPosition({ ...at({ new_line: 2 }), start_sha: "s1" }, VERSIONS)).toEqual({ ok: false, errors: LINE_CODE_ERRORS });
    expect(checkPosition({ ...at({ new_line: 2 }), head_sha: "unknown" }, VERSIONS).ok).toBe(false);
  });

  test("a file of a later version is not in an earlier one", () => {
    expect(checkPosition(at({ old_path: "new.txt", new_path: "new.txt", new_line: 1 }, V1), VERSIONS).ok).toBe(false);
    expect(checkPosition(at({ old_path: "new.txt", new_path: "new.txt", new_line: 1 }), VERSIONS).ok).toBe(true);
  });

  test("a renamed file needs its old path as old_path", () => {
    expect(checkPosition(at({ old_path: "before.txt", new_path: "after.txt", new_line: 1 }), VERSIONS).ok).toBe(true);
    expect(checkPosition(at({ old_path: "after.txt", new_path: "after.txt", new_line: 1 }), VERSIONS).ok).toBe(false);
  });

  test("both paths are required", () => {
    expect(checkPosition(at({ old_path: undefined, new_line: 2 }), VERSIONS).ok).toBe(false);
    expect(checkPosition(at({ new_path: undefined, new_line: 2 }), VERSIONS).ok).toBe(false);
  });
});

describe("line codes", () => {
  test("are the SHA-1 of the path with the old and new counters, an added line carrying the old counter", () => {
    const codes = diffLines(APP).map((line) => lineCode("app.txt", line.oldPos, line.newPos));
    const base = sha1("app.txt");
    expect(codes).toEqual([`${base}_1_1`, `${base}_2_2`, `${base}_3_2`, `${base}_3_3`, `${base}_4_4`, `${base}_10_10`, `${base}_11_11`, `${base}_11_12`, `${base}_12_13`]);
  });

  test("a new file's lines have the old counter 0", () => {
    expect(diffLines(NEW_FILE).map((line) => [line.oldPos, line.newPos])).toEqual([[0, 1], [0, 2]]);
  });

  test("the accepted position reports the line code GitLab stores", () => {
    const checked = checkPosition(at({ new_line: 2 }), VERSIONS);
    expect(checked.ok && checked.lineCode).toBe(`${sha1("app.txt")}_3_2`);
  });
});

describe("line_range", () => {
  const end = (old_line: number | null, new_line: number | null, type: string | null) => {
    const line = diffLines(APP).find((candidate) => (candidate.oldLine ?? null) === old_line && (candidate.newLine ?? null) === new_line)!;
    return { line_code: lineCode("app.txt", line.oldPos, line.newPos), type, old_line, new_line };
  };

  test("inside one hunk, ending on the position's line, is stored", () => {
    const checked = checkPosition(at({ old_line: 3, new_line: 3, line_range: { start: end(1, 1, null), end: end(3, 3, null) } }), VERSIONS);
    expect(checked.ok).toBe(true);
    if (checked.ok) expect(checked.position.line_range).toEqual({ start: end(1, 1, null), end: end(3, 3, null) });
  });

  test("across two hunks is refused", () => {
    const checked = checkPosition(at({ new_line: 11, line_range: { start: end(4, 4, null), end: end(null, 11, "new") } }), VERSIONS);
    expect(checked).toEqual({ ok: false, errors: { line_range: ["must be inside one hunk"] } });
  });

  test("a wrong line code, an end that is not the position's line, or a start after the end is refused", () => {
    const wrongCode = { ...end(1, 1, null), line_code: `${sha1("app.txt")}_1_2` };
    expect(checkPosition(at({ new_line: 2, line_range: { start: wrongCode, end: end(null, 2, "new") } }), VERSIONS)).toMatchObject({ ok: false, errors: { line_range: ["start must be a valid line code"] } });
    expect(checkPosition(at({ new_line: 2, line_range: { start: end(1, 1, null), end: end(3, 3, null) } }), VERSIONS)).toMatchObject({ ok: false, errors: { line_range: ["end must be the line of the position"] } });
    expect(checkPosition(at({ old_line: 2, line_range: { start: end(3, 3, null), end: end(2, null, "old") } }), VERSIONS)).toMatchObject({ ok: false, errors: { line_range: ["start must not come after end"] } });
    expect(checkPosition(at({ new_line: 2, line_range: { end: end(null, 2, "new") } }), VERSIONS)).toMatchObject({ ok: false, errors: { line_range: ["start is missing"] } });
  });
});

test("the refusal reads as users reported it", () => {
  expect(noteRefusal(LINE_CODE_ERRORS)).toBe(`400 Bad request - Note {:line_code=>["can't be blank", "must be a valid line code"]}`);
});
