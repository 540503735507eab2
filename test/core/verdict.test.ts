import { describe, expect, it } from "vitest";
import type { Severity } from "../../src/core/finding.js";
import { decideVerdict, splitInline } from "../../src/core/verdict.js";

const f = (severity: Severity, id = "") => ({ severity, id });

describe("decideVerdict", () => {
  it("requests changes when a finding reaches fail_on, else comments; never approves by default", () => {
    expect(decideVerdict([f("critical")], { failOn: "critical", approve: true }, true)).toBe("request_changes");
    expect(decideVerdict([f("major")], { failOn: "critical", approve: false }, true)).toBe("comment");
    expect(decideVerdict([f("major")], { failOn: "major", approve: false }, true)).toBe("request_changes");
    expect(decideVerdict([], { failOn: "critical", approve: false }, true)).toBe("comment");
  });

  it("approves only when allowed, nothing reaches fail_on, and the review is complete", () => {
    expect(decideVerdict([f("minor")], { failOn: "major", approve: true }, true)).toBe("approve");
    expect(decideVerdict([], { failOn: "critical", approve: true }, false)).toBe("comment");
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
