import { describe, expect, it } from "vitest";
import type { Severity } from "../../src/core/finding.js";
import { decideVerdict, splitInline, type ReviewCoverage } from "../../src/core/verdict.js";

const f = (severity: Severity, id = "") => ({ severity, id });

/** The model saw everything: one part, answered. */
const FULL: ReviewCoverage = { parts: 1, failedParts: 0, droppedComments: 0, notReviewed: [], changeControlledSkips: [] };
const verdictOf = (...args: Parameters<typeof decideVerdict>) => decideVerdict(...args).verdict;

describe("decideVerdict", () => {
  it("requests changes when a finding reaches fail_on, else comments; never approves by default", () => {
    expect(verdictOf([f("critical")], { failOn: "critical", approve: true }, FULL)).toBe("request_changes");
    expect(verdictOf([f("major")], { failOn: "critical", approve: false }, FULL)).toBe("comment");
    expect(verdictOf([f("major")], { failOn: "major", approve: false }, FULL)).toBe("request_changes");
    expect(decideVerdict([], { failOn: "critical", approve: false }, FULL)).toEqual({ verdict: "comment", approvalWithheld: null });
  });

  it("approves only when allowed, nothing reaches fail_on, and the model saw all the code", () => {
    expect(decideVerdict([f("minor")], { failOn: "major", approve: true }, FULL)).toEqual({ verdict: "approve", approvalWithheld: null });
  });

  it.each<[string, Partial<ReviewCoverage>, string]>([
    ["no part was sent", { parts: 0 }, "Not approved: the model saw no code (nothing was sent to it)."],
    ["a part failed", { parts: 3, failedParts: 1 }, "Not approved: 1 part of the review failed."],
    ["a model comment was invalid", { droppedComments: 2 }, "Not approved: 2 model comments set aside as invalid."],
    [
      "files were past the budget",
      { notReviewed: [{ path: "a.ts" }, { path: "b.ts" }, { path: "c.ts" }, { path: "d.ts" }] },
      "Not approved: 4 files left out by the token budget (`a.ts`, `b.ts`, `c.ts`, and 1 more).",
    ],
    [
      "a skip rests on the change's own text",
      { changeControlledSkips: [{ path: "src/db.ts", detail: 'generated? the "@generated" marker on line 1 is added by this change' }] },
      'Not approved: 1 file skipped by a rule this change controls (`src/db.ts`: generated? the "@generated" marker on line 1 is added by this change).',
    ],
  ])("withholds approval when %s, and says why in one line", (_, over, why) => {
    const decision = decideVerdict([], { failOn: "critical", approve: true }, { ...FULL, ...over });
    expect(decision).toEqual({ verdict: "comment", approvalWithheld: why });
    expect(why).not.toContain("\n");
  });

  it("names every cause at once", () => {
    const decision = decideVerdict([], { failOn: "critical", approve: true }, {
      parts: 0,
      failedParts: 2,
      droppedComments: 0,
      notReviewed: [{ path: "a.ts" }],
      changeControlledSkips: [{ path: "b.js", detail: "minified? lines of 3,000 characters on average" }],
    });
    expect(decision.approvalWithheld).toBe(
      "Not approved: the model saw no code (nothing was sent to it); 2 parts of the review failed; 1 file left out by the token budget (`a.ts`); 1 file skipped by a rule this change controls (`b.js`: minified? lines of 3,000 characters on average).",
    );
  });

  it("keeps request_changes whatever the coverage, and says nothing about approval then", () => {
    expect(decideVerdict([f("critical")], { failOn: "critical", approve: true }, { ...FULL, parts: 0 })).toEqual({
      verdict: "request_changes",
      approvalWithheld: null,
    });
  });
});

describe("splitInline", () => {
  it("posts the most severe findings inline up to the cap and lists the rest", () => {
    const findings = [f("nit", "a"), f("major", "b"), f("critical", "c"), f("minor", "d"), f("major", "e")];
    const { inline, summaryOnly } = splitInline(findings, { minSeverity: "minor", max: 3 });
    expect(inline.map((x) => x.id)).toEqual(["c", "b", "e"]);
    expect(summaryOnly.map((x) => x.id)).toEqual(["d", "a"]);
  });
});
