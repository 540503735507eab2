import { describe, expect, it } from "vitest";
import type { EarlierFinding } from "../../src/core/earlier-finding.js";
import { stillOpenFindings, type StillOpenInput } from "../../src/core/still-open-findings.js";

const earlier = (fingerprint: string, path: string, over: Partial<EarlierFinding> = {}): EarlierFinding => ({
  fingerprint,
  path,
  line: 4,
  severity: "major",
  title: `About ${path}`,
  url: `https://forge.test/c/${fingerprint}`,
  ...over,
});

const A = earlier("aaaaaaaaaaaaaaaa", "src/a.ts");
const B = earlier("bbbbbbbbbbbbbbbb", "src/b.ts", { severity: "minor" });
const C = earlier("cccccccccccccccc", "src/c.ts", { severity: "critical" });

function input(over: Partial<StillOpenInput>): StillOpenInput {
  return { earlier: [A, B, C], foundAgain: [], revisited: new Set(), unreviewed: new Set(), incremental: true, ...over };
}

describe("stillOpenFindings", () => {
  it("keeps, on an incremental review, the findings on files it did not look at again, and drops those it did not find again", () => {
    const open = stillOpenFindings(input({ revisited: new Set(["src/b.ts"]) }));
    expect(open).toEqual([C, A]);
  });

  it("keeps a finding found again, at the place this review found it, with the earlier link", () => {
    const open = stillOpenFindings(
      input({
        revisited: new Set(["src/a.ts", "src/b.ts", "src/c.ts"]),
        foundAgain: [{ fingerprint: B.fingerprint, path: "src/b.ts", line: 9, severity: "major", body: "First line.\nMore." }],
      }),
    );
    expect(open).toEqual([{ fingerprint: B.fingerprint, path: "src/b.ts", line: 9, severity: "major", title: "First line.", url: B.url }]);
  });

  it("lists a finding found again that the forge gave no comment for (it was only in the summary), without a link", () => {
    const open = stillOpenFindings(
      input({ earlier: [], foundAgain: [{ fingerprint: "dddddddddddddddd", path: "src/d.ts", line: 2, severity: "nit", title: "Name", body: "Rename." }] }),
    );
    expect(open).toEqual([{ fingerprint: "dddddddddddddddd", path: "src/d.ts", line: 2, severity: "nit", title: "Name" }]);
  });

  it("drops, on a full review, every finding not found again, except on files it could not look at", () => {
    const open = stillOpenFindings(input({ incremental: false, revisited: new Set(["src/a.ts"]), unreviewed: new Set(["src/c.ts"]) }));
    // b.ts is no longer in the change at all: on a full review that is a fix too.
    expect(open).toEqual([C]);
  });

  it("keeps, on an incremental review, findings on files of the change it could not look at", () => {
    const open = stillOpenFindings(input({ revisited: new Set(["src/a.ts", "src/c.ts"]), unreviewed: new Set(["src/b.ts"]) }));
    expect(open).toEqual([B]);
  });

  it("orders by severity (unknown last), then place, and lists a fingerprint once", () => {
    const noSeverity = earlier("eeeeeeeeeeeeeeee", "src/a.ts", { severity: undefined, line: null });
    const open = stillOpenFindings(
      input({
        earlier: [noSeverity, B, A, A],
        foundAgain: [
          { fingerprint: B.fingerprint, path: "src/b.ts", line: 9, severity: "minor", title: "Again", body: "x" },
          { fingerprint: B.fingerprint, path: "src/b.ts", line: 12, severity: "minor", title: "Again", body: "x" },
        ],
      }),
    );
    expect(open.map((f) => [f.fingerprint, f.line])).toEqual([
      [A.fingerprint, 4],
      [B.fingerprint, 9],
      [noSeverity.fingerprint, null],
    ]);
  });
});
