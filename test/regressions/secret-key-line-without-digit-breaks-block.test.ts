/**
 * A key body line had to hold a digit to count, and 1 random 64-character base64 line in
 * 50,000 holds none (corpus seed 1205): in a hunk that edits a key file in the middle, that
 * line broke the run and went to the model as it was, between redacted lines. A line with
 * neither digit nor sign (1 in 600,000, seed 2276) did the same at the top of a hunk.
 */
import { describe, expect, it } from "vitest";
import { BASE64, diffOf, fakeChars, scan } from "./secret-helpers.js";

describe("a key body line with no digit", () => {
  const noDigit = "FgWZjvriSdRMBe+gIJMErnTUJcZVXtlxjAYs+DuTMBLzwiidEztYNfYwgYbtpMoI";
  const lines = [fakeChars(64, 700, BASE64), fakeChars(64, 701, BASE64), noDigit, fakeChars(64, 702, BASE64)];

  it("is redacted with the lines around it", () => {
    expect(noDigit).not.toMatch(/\d/);
    const hunk = ["@@ -4,3 +4,4 @@", ` ${lines[0]}`, `+${lines[1]}`, ` ${lines[2]}`, ` ${lines[3]}`].join("\n");
    const { redacted, committed, text } = scan(diffOf("certs/server.key", hunk));
    for (const line of lines) expect(text).not.toContain(line);
    expect(redacted.findings.map((f) => f.line)).toEqual([5]);
    expect(committed.findings.map((f) => f.line)).toEqual([5]);
  });

  it("is redacted with the lines below it when it has no sign either", () => {
    const letters = "cLhkzXjjRMEsdmmMfzdQtHqZdEvFqShAfgzoYplgNqkGsTNSWnZYRxIbJswsuHeO";
    const hunk = ["@@ -14,3 +14,3 @@", `     ${letters}`, `-    ${lines[0]}`, `+    ${lines[1]}`, `     ${lines[3]}`].join("\n");
    const { redacted, text } = scan(diffOf("charts/api/templates/tls-secret.yaml", hunk));
    for (const line of [letters, lines[1]!, lines[3]!]) expect(text).not.toContain(line);
    expect(redacted.findings.map((f) => f.line)).toEqual([15]);
  });

  it("makes no key alone, letters only", () => {
    const letters = "cLhkzXjjRMEsdmmMfzdQtHqZdEvFqShAfgzoYplgNqkGsTNSWnZYRxIbJswsuHeO";
    const hunk = ["@@ -1,1 +1,2 @@", " x", `+${letters}`].join("\n");
    expect(scan(diffOf("certs/server.key", hunk)).redacted.findings).toEqual([]);
  });

  it("is no key when it is a path: words joined by slashes", () => {
    const path = "src/components/Dashboard/Widgets/RevenueChart/Legend/LegendItems";
    expect(path).toHaveLength(64);
    const hunk = ["@@ -1,1 +1,2 @@", ` ${path}`, `+${path.replace("Legend/", "Legend2/").slice(0, 64)}`].join("\n");
    expect(scan(diffOf("docs/components.txt", hunk)).redacted.findings).toEqual([]);
  });
});
