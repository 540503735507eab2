import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { parseDiffText } from "../../../src/core/parse-diff-text.js";
import { textPosition } from "../../../src/forges/gitlab/text-position.js";
import { createRepo } from "../../support/git-repo.js";

const REFS = { baseSha: "a".repeat(40), startSha: "b".repeat(40), headSha: "c".repeat(40) };
const sha1 = (text: string) => createHash("sha1").update(text).digest("hex");

/**
 * old: 1 one, 2 two, 3 three, 4 four, 5 five, 6 six
 * new: 1 one, 2 TWO, 3 three, 4 four, 5 four-and-a-half, 6 five, 7 six
 * The hunk (3 lines of context): -1,6 +1,7; line 2 replaced, a line added after 4.
 */
function fileDiff() {
  const repo = createRepo();
  try {
    repo.write("src/app.ts", "one\ntwo\nthree\nfour\nfive\nsix\n");
    const base = repo.commit("base");
    repo.write("src/app.ts", "one\nTWO\nthree\nfour\nfour-and-a-half\nfive\nsix\n");
    const head = repo.commit("head");
    return parseDiffText(repo.git("diff", base, head))[0]!;
  } finally {
    repo.cleanup();
  }
}

describe("textPosition", () => {
  const file = fileDiff();
  const at = (side: "RIGHT" | "LEFT", line: number, startLine?: number) =>
    textPosition({ path: "src/app.ts", side, line, ...(startLine !== undefined ? { startLine } : {}) }, file, REFS);

  it("names the three SHAs and both paths, and only new_line for an added line", () => {
    expect(at("RIGHT", 5)).toEqual({
      ok: true,
      position: { position_type: "text", base_sha: REFS.baseSha, start_sha: REFS.startSha, head_sha: REFS.headSha, old_path: "src/app.ts", new_path: "src/app.ts", new_line: 5 },
    });
  });

  it("gives only old_line for a removed line, and both numbers for a context line", () => {
    const removed = at("LEFT", 2);
    expect(removed.ok && [removed.position.old_line, removed.position.new_line]).toEqual([2, undefined]);
    // Context line "five": old 5, new 6, whichever side the comment names.
    for (const position of [at("RIGHT", 6), at("LEFT", 5)]) {
      expect(position.ok && [position.position.old_line, position.position.new_line]).toEqual([5, 6]);
    }
  });

  it("refuses a line outside the diff instead of guessing", () => {
    expect(at("RIGHT", 40)).toEqual({ ok: false, reason: "line 40 (new file) is not in the diff of src/app.ts" });
  });

  it("makes a range a line_range with GitLab's line codes, the end on the position's line", () => {
    // New lines 3..5: context "three" (old 3), context "four" (old 4), added (old counter 5).
    const range = at("RIGHT", 5, 3);
    expect(range.ok).toBe(true);
    if (!range.ok) return;
    expect(range.position.new_line).toBe(5);
    expect(range.position.old_line).toBeUndefined();
    expect(range.position.line_range).toEqual({
      start: { line_code: `${sha1("src/app.ts")}_3_3`, type: "old", old_line: 3, new_line: 3 },
      end: { line_code: `${sha1("src/app.ts")}_5_5`, type: "new", new_line: 5 },
    });
  });

  it("counts an added line's old counter and a removed line's new counter as GitLab's parser does", () => {
    // Removed "two" (old 2) sits before added "TWO" (new 2): old counter 2 / new counter 2 for
    // the removed line, old counter 3 / new counter 2 for the added one.
    const range = at("LEFT", 3, 2);
    expect(range.ok && range.position.line_range?.start).toEqual({ line_code: `${sha1("src/app.ts")}_2_2`, type: "old", old_line: 2 });
    const added = at("RIGHT", 3, 2);
    expect(added.ok && added.position.line_range?.start).toEqual({ line_code: `${sha1("src/app.ts")}_3_2`, type: "new", new_line: 2 });
  });
});
