/**
 * Inserting a space inside a command (`rm -rf /tmp/build` -> `rm -rf / tmp/build`) was
 * skipped as "whitespace-only" in a shell script: the old check dropped every space, so the
 * two lines compared equal. Whitespace put where there was none is a change (as in
 * `git diff -b`), and with `approve: true` such a change was approved unseen.
 */
import { describe, expect, it } from "vitest";
import { reviewBranch } from "../support/review-branch.js";

const script = (command: string) => ["#!/bin/sh", "set -eu", "", "clean() {", `  ${command}`, "}", ""].join("\n");

describe("regression: space inserted inside a command skipped as whitespace-only", () => {
  it.each([
    ["scripts/clean.sh", "rm -rf /tmp/build", "rm -rf / tmp/build"],
    ["src/clean.ts", 'execSync("rm -rf /tmp/build");', 'execSync("rm -rf / tmp/build");'],
    // Without an extension a script's language is unknown, so even re-spacing counts.
    ["bin/clean", "rm -rf /tmp/build", "rm  -rf /tmp/build"],
  ])("reviews %s when %j becomes %j", async (file, before, after) => {
    const { review, sent } = await reviewBranch({ base: { [file]: script(before) }, branch: { [file]: script(after) } });
    expect(review.skipped).toEqual([]);
    expect(sent).toContain(`5+  ${after}`);
    expect(review.usage.calls).toBe(1);
  });

  it("still skips re-spacing where there was space already, and then does not approve unseen", async () => {
    const { review, requests } = await reviewBranch({
      base: { "scripts/clean.sh": script("rm -rf /tmp/build") },
      branch: { "scripts/clean.sh": script("rm  -rf\t/tmp/build  ") },
    });
    expect(review.skipped).toEqual([expect.objectContaining({ path: "scripts/clean.sh", reason: "whitespace-only" })]);
    expect(requests).toHaveLength(0);
    expect(review.verdict).toBe("comment");
  });
});
