import { describe, expect, it } from "vitest";
import { codeQualityReport } from "../../../src/entries/gitlab-ci/codequality-report.js";
import { findingAt, reviewOf } from "../../forges/github/github-fixture.js";

describe("codeQualityReport", () => {
  it("lists inline, summary-only, outside-diff and still-open findings with GitLab's severities", () => {
    const review = {
      ...reviewOf("h", [findingAt("src/a.ts", 7, 1, { severity: "critical", startLine: 5 })]),
      summaryOnly: [findingAt("src/b.ts", 3, 2, { severity: "nit", title: undefined, body: "Rename this.\nIt reads better." })],
      outsideDiff: [{ path: "src/c.ts", line: 40, side: "RIGHT" as const, severity: "major" as const, body: "Also here.", reason: "not in the diff" }],
      stillOpen: [
        { fingerprint: "e1", path: "src/d.ts", line: null, severity: "minor" as const, title: "Earlier" },
        { fingerprint: "e2", path: "src/e.ts", line: 9, title: "No severity said" },
      ],
    };
    const report = codeQualityReport(review);

    expect(report.map((i) => [i.location.path, i.location.lines.begin, i.severity, i.check_name, i.description])).toEqual([
      ["src/a.ts", 5, "critical", "ai-review-critical", "Finding 1"],
      ["src/b.ts", 3, "info", "ai-review-nit", "Rename this."],
      ["src/c.ts", 40, "major", "ai-review-major", "Also here."],
      ["src/d.ts", 1, "minor", "ai-review-minor", "Earlier"],
      ["src/e.ts", 9, "info", "ai-review", "No severity said"],
    ]);
    expect(report[0]!.fingerprint).toBe(review.comments[0]!.fingerprint);
    expect(new Set(report.map((i) => i.fingerprint)).size).toBe(5);
    // The outside-diff finding's fingerprint is stable from run to run.
    expect(codeQualityReport(review)[2]!.fingerprint).toBe(report[2]!.fingerprint);
  });

  it("keeps one issue per fingerprint, GitLab's identity of an issue", () => {
    const again = findingAt("src/a.ts", 2, 1);
    const review = { ...reviewOf("h", [again]), stillOpen: [{ fingerprint: again.fingerprint, path: "src/a.ts", line: 2, title: "Finding 1" }] };
    expect(codeQualityReport(review)).toHaveLength(1);
  });
});
