/**
 * A review with a budget, end to end (`ai-review review`, the real openai SDK, the loopback
 * model server): the most important files are sent first (path instructions, then the size
 * of the change), no part is sent that could go past the budget, and the summary and the
 * JSON say what was not reviewed and why. Approval stays withheld.
 *
 * The figures: every answer reports 1,000 prompt + 100 completion tokens, at $100 per
 * million tokens each way, so each part really costs $0.11; before it is sent, a part
 * reserves its counted prompt (about 900 tokens of prompt around 100-400 of diff) and its
 * whole output cap (256), about $0.13 to $0.16.
 */
import { describe, expect, it } from "vitest";
import { reply, type RecordedRequest } from "./support/model-server.js";
import { configuredReview, diffOf, filesShown, isSummaryPass } from "./support/configured-review.js";

/** In importance order: important.ts (path instructions, 3 lines), big.ts (29, two parts), mid.ts (14), small.ts (7). */
const DIFF = diffOf({ "src/big.ts": 30, "src/important.ts": 4, "src/mid.ts": 15, "src/small.ts": 8 });

const config = (budget: string) =>
  [
    "request_token_budget: 400",
    "max_output_tokens: 256",
    "approve: true",
    "path_instructions:",
    "  - path: src/important.ts",
    "    instructions: Check the constants against the spec.",
    `budget: ${budget}`,
    "prices:",
    "  gpt-4o-mini: { input: 100, output: 100 }",
    "",
  ].join("\n");

const model = (request: RecordedRequest) =>
  isSummaryPass(request)
    ? reply.content(JSON.stringify({ summary: "Overall." }), { usage: { prompt_tokens: 1_000, completion_tokens: 100 } })
    : reply.content(JSON.stringify({ summary: "Part.", comments: [] }), { usage: { prompt_tokens: 1_000, completion_tokens: 100 } });

describe("a review that hits its budget", () => {
  it("reviews the most important files first, stops before the budget, and says what it did not review and why", async () => {
    const { review, requests, run } = await configuredReview({ diff: DIFF, config: config("{ usd: 0.40 }"), model });
    expect(run.code).toBe(0);

    // Sent in importance order, one at a time as far as the budget goes: three parts, $0.33.
    expect(requests.map(filesShown)).toEqual([["src/important.ts"], ["src/big.ts"], ["src/big.ts"]]);
    expect(review!.parts.map((p) => [p.files, p.outcome])).toEqual([
      [["src/important.ts"], "reviewed"],
      [["src/big.ts"], "reviewed"],
      [["src/big.ts"], "reviewed"],
      [["src/mid.ts"], "over-budget"],
      [["src/small.ts"], "over-budget"],
    ]);
    expect(review!.budget).toEqual({ limit: { usd: 0.4 }, spent: { tokens: 3_300, usd: expect.closeTo(0.33, 12) }, partsNotSent: 2 });
    expect(review!.usage.costUsd).toBeLessThanOrEqual(0.4);

    // The JSON and the summary say which files were not reviewed, and why.
    const why = "not reviewed: over the review budget of $0.40 (the most important files were sent first)";
    expect(review!.skipped).toEqual([
      { path: "src/mid.ts", reason: "over-budget", detail: why },
      { path: "src/small.ts", reason: "over-budget", detail: why },
    ]);
    expect(review!.summary).toContain(
      '> This review stopped at its budget of $0.40: 2 file(s) were not reviewed (listed under "Not reviewed"); the most important files were sent first; the summary pass was not run',
    );
    expect(review!.summary).toContain(`### Not reviewed (2)\n\n- \`src/mid.ts\`: ${why}\n- \`src/small.ts\`: ${why}`);
    // The summary pass did not fit what was left either: no request for it, and the JSON says why.
    expect(requests.some(isSummaryPass)).toBe(false);
    expect(review!.summaryPass).toEqual({ model: null, outcome: "over-budget" });
    // Nothing was found, but the model did not see everything: no approval.
    expect(review!.verdict).toBe("comment");
    expect(review!.summary).toContain("Not approved: 2 files not reviewed within the review's budget (`src/mid.ts`, `src/small.ts`).");
    expect(review!.summary).not.toMatch(/\| `src\/mid\.ts` \|/);

    const text = await configuredReview({ diff: DIFF, config: config("{ usd: 0.40 }"), model, format: "text" });
    expect(text.run.stdout).toContain(`Not reviewed (2):\n  src/mid.ts  ${why}\n  src/small.ts  ${why}`);
    expect(text.run.stdout).toContain("Budget: $0.33 spent of $0.40; 2 part(s) not sent (see Not reviewed).");
  });

  it("names the lines of a file it reviewed only in part", async () => {
    const { review, requests } = await configuredReview({ diff: DIFF, config: config("{ usd: 0.30 }"), model });
    expect(requests.map(filesShown)).toEqual([["src/important.ts"], ["src/big.ts"]]);
    const big = review!.skipped.find((s) => s.path === "src/big.ts")!;
    expect(big.reason).toBe("over-budget");
    expect(big.detail).toMatch(/^lines \d+-30 not reviewed: over the review budget of \$0\.30 \(the rest of the file was reviewed\)$/);
    expect(review!.skipped.map((s) => s.path)).toEqual(["src/big.ts", "src/mid.ts", "src/small.ts"]);
  });

  it("keeps a token budget the same way", async () => {
    const { review, requests } = await configuredReview({ diff: DIFF, config: config("{ tokens: 4000 }"), model });
    expect(requests).toHaveLength(3);
    expect(review!.budget).toMatchObject({ limit: { tokens: 4_000 }, spent: { tokens: 3_300 }, partsNotSent: 2 });
    expect(review!.skipped[0]!.detail).toBe("not reviewed: over the review budget of 4,000 tokens (the most important files were sent first)");
  });

  it("sends everything, with the summary pass, when the budget is enough", async () => {
    const { review, requests } = await configuredReview({ diff: DIFF, config: config("{ usd: 5 }"), model });
    expect(requests.filter((r) => !isSummaryPass(r))).toHaveLength(5);
    expect(requests.filter(isSummaryPass)).toHaveLength(1);
    expect(review!.skipped).toEqual([]);
    expect(review!.budget).toMatchObject({ partsNotSent: 0 });
    expect(review!.verdict).toBe("approve");
    expect(review!.summary).not.toContain("stopped at its budget");
  });
});
