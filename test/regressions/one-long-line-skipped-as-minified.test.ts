/**
 * One 3,000-character line got an ordinary source file skipped as minified (the average
 * line length went over 1,000), and with `approve: true` the change was approved without
 * the model seeing it. Such a file costs about a thousand tokens: it is reviewed. A real
 * bundle is still skipped, marked as a guess the change controls, and never approved.
 */
import { describe, expect, it } from "vitest";
import { reviewBranch } from "../support/review-branch.js";

describe("regression: one 3,000-character line skipped as minified", () => {
  it("reviews a source file made of one long line", async () => {
    const line = `export const ALLOWED_ORIGINS = [${Array.from({ length: 150 }, (_, i) => `"https://a${i}.example"`).join(",")}];`;
    expect(line.length).toBeGreaterThan(3_000);
    const { review, sent } = await reviewBranch({ base: { "src/a.ts": "export {};\n" }, branch: { "src/cors.ts": `${line}\n` } });
    expect(review.skipped).toEqual([]);
    expect(sent).toContain("https://a149.example");
    expect(review.verdict).toBe("approve");
  });

  it("skips a large bundle as a guess, says so, and does not approve", async () => {
    const bundle = `!function(){${"var a=1;".repeat(5_000)}}();\n`;
    const { review, requests } = await reviewBranch({ base: { "src/a.ts": "export {};\n" }, branch: { "public/app.js": bundle } });
    expect(review.skipped).toEqual([
      { path: "public/app.js", reason: "minified", detail: expect.stringMatching(/^minified\? lines of [\d,]+ characters on average$/), changeControlled: true },
    ]);
    expect(requests).toHaveLength(0);
    expect(review.verdict).toBe("comment");
    expect(review.summary).toMatch(/Not approved: .*1 file skipped by a rule this change controls \(`public\/app\.js`: minified\?/);
  });
});
