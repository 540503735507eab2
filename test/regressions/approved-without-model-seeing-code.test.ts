/**
 * With `approve: true`, a change was APPROVED with zero model calls: when every file was
 * skipped (whitespace-only, lockfiles) nothing was sent, nothing was found, and "nothing
 * found" read as approval. Files past the token budget, and files skipped by a rule the
 * change itself controls, did not stand in the way either. The verdict now approves only
 * when the model saw all the code that was not skipped for a reason the change does not
 * control; otherwise it comments, and the summary says why in one line.
 */
import { describe, expect, it } from "vitest";
import { reply } from "../support/model-server.js";
import { cleanModel, reviewBranch } from "../support/review-branch.js";

const SMALL = "export function add(a: number, b: number) {\n  return a + b;\n}\n";
const code = (n: number) => Array.from({ length: n }, (_, i) => `export const value${i} = compute(${i}, "v${i}") * factor;`).join("\n") + "\n";

/** The line of the summary that says why the change was not approved. */
const withheld = (summary: string) => summary.split("\n").find((line) => line.startsWith("Not approved:"));

describe("regression: a change approved without the model seeing its code", () => {
  it("does not approve when nothing was sent to the model", async () => {
    const { review, requests } = await reviewBranch({
      base: { "src/add.ts": SMALL, "package-lock.json": "{}\n" },
      branch: { "src/add.ts": SMALL.replace("return a + b;", "return  a +\tb;  "), "package-lock.json": '{ "lockfileVersion": 3 }\n' },
    });
    expect(requests).toHaveLength(0);
    expect(review.usage.calls).toBe(0);
    expect(review.skipped.map((s) => s.reason)).toEqual(["lockfile", "whitespace-only"]);
    expect(review.verdict).toBe("comment");
    expect(withheld(review.summary)).toBe("Not approved: the model saw no code (nothing was sent to it).");
  });

  it("does not approve when a part failed", async () => {
    const { review, code: exit } = await reviewBranch({
      base: { "src/add.ts": SMALL },
      branch: { "src/add.ts": SMALL.replace("a + b", "a - b"), "src/other.ts": code(3) },
      // One file per request, so one part can fail while the other is answered.
      config: "request_token_budget: 80\nmax_retries: 0\n",
      model: (request) =>
        request.body.messages.some((m) => m.content.includes("### src/other.ts")) ? reply.status(500, { body: { error: { message: "boom" } } }) : cleanModel(request),
    });
    expect(exit).toBe(3);
    expect(review.failedChunks).toEqual([expect.objectContaining({ files: ["src/other.ts"] })]);
    expect(review.verdict).toBe("comment");
    expect(withheld(review.summary)).toBe("Not approved: 1 part of the review failed.");
  });

  it("does not approve when a file did not fit the review's token budget", async () => {
    const change = { base: { "src/add.ts": SMALL }, branch: { "src/add.ts": SMALL.replace("a + b", "a - b"), "src/values.ts": code(200) } };
    const approved = await reviewBranch(change);
    expect(approved.review.verdict).toBe("approve");

    const { review } = await reviewBranch({ ...change, config: "review_token_budget: 500\n" });
    expect(review.skipped).toEqual([expect.objectContaining({ path: "src/values.ts", reason: "review-budget" })]);
    expect(review.usage.calls).toBe(1);
    expect(review.verdict).toBe("comment");
    expect(withheld(review.summary)).toBe("Not approved: 1 file left out by the token budget (`src/values.ts`).");
  });

  it("does not approve when a file was skipped by a rule the change controls", async () => {
    const change = { base: { "src/add.ts": SMALL }, branch: { "src/add.ts": SMALL.replace("a + b", "a - b"), "src/values.ts": code(100) } };
    const approved = await reviewBranch(change);
    expect(approved.review.verdict).toBe("approve");

    const { review } = await reviewBranch({ ...change, config: "max_file_bytes: 2000\n" });
    expect(review.skipped).toEqual([expect.objectContaining({ path: "src/values.ts", reason: "too-large" })]);
    expect(review.usage.calls).toBe(1);
    expect(review.verdict).toBe("comment");
    expect(withheld(review.summary)).toMatch(
      /^Not approved: 1 file skipped by a rule this change controls \(`src\/values\.ts`: too large: \d+ KB of diff, limit 2 KB \(max_file_bytes\)\)\.$/,
    );
  });

  it("does not approve when a model comment was set aside as invalid", async () => {
    const { review } = await reviewBranch({
      base: { "src/add.ts": SMALL },
      branch: { "src/add.ts": SMALL.replace("a + b", "a - b") },
      model: () =>
        reply.json({
          summary: "Two things.",
          comments: [
            { path: "src/add.ts", line: 2, severity: "nit", body: "Name the result." },
            { path: "src/add.ts", line: 0, severity: "minor", body: "?" },
          ],
        }),
    });
    expect(review.invalidComments).toHaveLength(1);
    expect(review.verdict).toBe("comment");
    expect(withheld(review.summary)).toBe("Not approved: 1 model comment set aside as invalid.");
  });

  it("does not approve when the summary pass failed", async () => {
    // Two parts and more than a few lines, so a summary pass runs after them, and fails.
    const { review, code: exit } = await reviewBranch({
      base: { "src/add.ts": SMALL },
      branch: { "src/add.ts": SMALL.replace("a + b", "a - b"), "src/values.ts": code(40) },
      config: "request_token_budget: 400\nmax_retries: 0\n",
      model: (request) =>
        request.body.messages.some((m) => m.content.startsWith("Write the overall summary"))
          ? reply.status(500, { body: { error: { message: "boom" } } })
          : cleanModel(request),
    });
    expect(exit).toBe(3);
    expect(review.failedChunks).toEqual([expect.objectContaining({ error: expect.stringMatching(/^summary pass/) })]);
    expect(review.verdict).toBe("comment");
    expect(withheld(review.summary)).toBe("Not approved: 1 part of the review failed.");
  });
});
