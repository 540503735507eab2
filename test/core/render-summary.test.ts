import { describe, expect, it } from "vitest";
import { renderSummary, type SummaryInput } from "../../src/core/render-summary.js";
import type { EarlierFinding } from "../../src/core/earlier-finding.js";
import type { ReviewComment } from "../../src/core/review-result.js";

const usage = { calls: 3, failedCalls: 0, requests: 3, retries: 0, promptTokens: 1200, completionTokens: 300, callsWithoutUsage: 0, timeMs: 2500, costUsd: 0.0012, models: [] };

function comment(i: number, severity: ReviewComment["severity"] = "minor"): ReviewComment {
  return { path: `src/f${i}.ts`, line: i + 1, side: "RIGHT", severity, title: `Problem ${i}`, body: "x".repeat(300), fingerprint: `fp${i}` };
}

function input(over: Partial<SummaryInput> = {}): SummaryInput {
  return {
    verdict: "request_changes",
    overview: "Adds a cache.",
    comments: [comment(1, "critical")],
    summaryOnly: [comment(2, "nit")],
    outsideDiff: [{ path: "src/old.ts", line: 300, side: "RIGHT", severity: "major", title: "Leak", body: "Never closed.", reason: "line 300 is not in the diff" }],
    files: [{ path: "src/f1.ts", status: "modified", additions: 3, deletions: 1 }],
    skipped: [{ path: "package-lock.json", detail: "lockfile (package-lock.json)" }],
    failedChunks: [{ index: 2, files: ["src/big.ts"], error: "model unreachable at http://127.0.0.1:1/v1 (model m)" }],
    redactions: 2,
    usage,
    ...over,
  };
}

describe("renderSummary", () => {
  it("has the verdict, overview, counts by severity, files, outside-diff, skipped, failures, redactions and usage", () => {
    const text = renderSummary(input());
    expect(text).toMatch(/^## AI review: Changes requested/);
    expect(text).toContain("Adds a cache.");
    expect(text).toMatch(/\| critical \| major \| minor \| nit \|\n\|---\|---\|---\|---\|\n\| 1 \| 1 \| 0 \| 1 \|/);
    expect(text).toContain("- **nit** `src/f2.ts:3` Problem 2");
    expect(text).toContain("| `src/f1.ts` | modified +3 -1 | 1 critical |");
    expect(text).toMatch(/### Outside the diff[\s\S]*`src\/old\.ts:300` Leak Never closed\./);
    expect(text).toContain("- `package-lock.json`: lockfile (package-lock.json)");
    expect(text).toMatch(/incomplete[\s\S]*part 2 \(`src\/big\.ts`\): model unreachable/);
    expect(text).toContain("2 secret(s) were redacted");
    expect(text).toContain("3 model call(s), 1200 prompt + 300 completion tokens, 2.5 s, about $0.0012");
  });

  it("says in one line, under the title, why approval was withheld", () => {
    const why = "Not approved: the model saw no code (nothing was sent to it).";
    const text = renderSummary(input({ verdict: "comment", approvalWithheld: why }));
    expect(text).toMatch(/^## AI review: Comments\n\nNot approved: the model saw no code \(nothing was sent to it\)\.\n\nAdds a cache\./);
    expect(renderSummary(input({ verdict: "comment" }))).not.toContain("Not approved");
  });

  it("lists the earlier findings still open with severity, place, title and link, after this review's findings", () => {
    const stillOpen: EarlierFinding[] = [
      { fingerprint: "a1", path: "src/a.ts", line: 4, severity: "major", title: "Unchecked\nresult", url: "https://github.test/acme/w/pull/1#discussion_r7" },
      { fingerprint: "b2", path: "src/b (old).ts", line: null, title: "Outdated", url: "https://forge.test/c (1)" },
    ];
    const text = renderSummary(input({ stillOpen }));
    expect(text).toContain(
      [
        "### Still open from earlier reviews (2)",
        "",
        "- **major** `src/a.ts:4` Unchecked result ([comment](https://github.test/acme/w/pull/1#discussion_r7))",
        "- `src/b (old).ts` Outdated ([comment](https://forge.test/c%20%281%29))",
      ].join("\n"),
    );
    expect(text.indexOf("### Still open")).toBeGreaterThan(text.indexOf("#### Also found"));
    expect(text.indexOf("### Still open")).toBeLessThan(text.indexOf("### Files"));
    expect(renderSummary(input())).not.toContain("Still open");
  });

  it("says 'No new findings' when nothing new was found but earlier findings are still open", () => {
    const quiet = { comments: [], summaryOnly: [], outsideDiff: [], failedChunks: [] };
    const stillOpen: EarlierFinding[] = [{ fingerprint: "a1", path: "src/a.ts", line: 4, severity: "major", title: "Unchecked" }];
    expect(renderSummary(input({ ...quiet, stillOpen }))).toContain("### Findings\n\nNo new findings.\n");
    expect(renderSummary(input(quiet))).toContain("### Findings\n\nNo findings.\n");
  });

  it("cuts a long list of earlier findings like the others, keeping the whole under the limit", () => {
    const stillOpen: EarlierFinding[] = Array.from({ length: 3_000 }, (_, i) => ({
      fingerprint: `f${i}`,
      path: `src/file-with-a-long-name-${i}.ts`,
      line: i + 1,
      severity: "minor",
      title: "y".repeat(150),
      url: `https://github.test/acme/widgets/pull/1#discussion_r${i}`,
    }));
    const text = renderSummary(input({ stillOpen }));
    expect(text.length).toBeLessThanOrEqual(65_000);
    expect(text).toContain("### Still open from earlier reviews (3000)");
    expect(text).toMatch(/discussion_r0\)\)\n[\s\S]*- \.\.\. and \d+ more/);
    expect(text).toContain("model call(s)");
  });

  it("always fits GitHub's 65,536-character limit, saying how much was left out", () => {
    const many = Array.from({ length: 5_000 }, (_, i) => comment(i, "nit"));
    const files = many.map((c) => ({ path: c.path, status: "modified", additions: 1, deletions: 0 }));
    const text = renderSummary(input({ summaryOnly: many, files, skipped: files.map((f) => ({ path: f.path, detail: "too large" })) }));
    expect(text.length).toBeLessThanOrEqual(65_536);
    expect(text).toMatch(/\.\.\. and \d+ more/);
    expect(text).toContain("model call(s)");
  });
});
