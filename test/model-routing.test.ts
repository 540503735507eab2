/**
 * Model routing end to end (`ai-review review`, the real openai SDK, the loopback model
 * server): the summary pass goes to `summary_model`, a small change gets one call, a model
 * that is down is replaced by the next of `fallback_models`, and the JSON review says which
 * model answered each part.
 */
import { describe, expect, it } from "vitest";
import { reply, type RecordedRequest } from "./support/model-server.js";
import { configuredReview, diffOf, isSummaryPass } from "./support/configured-review.js";

/** Answers every part with no finding, and the summary pass with an overview. */
const answers = (request: RecordedRequest) => (isSummaryPass(request) ? reply.json({ summary: "Overall." }) : reply.json({ summary: "Part.", comments: [] }));

/** Three files, one part each: a change that gets a summary pass. */
const MULTI_PART = { diff: diffOf({ "src/a.ts": 20, "src/b.ts": 20, "src/c.ts": 20 }), config: "request_token_budget: 400\n" };

describe("model routing", () => {
  it("sends the summary pass to the light model and the parts to the strong one, and records which answered", async () => {
    const { review, requests } = await configuredReview({
      ...MULTI_PART,
      config: `${MULTI_PART.config}model: strong-model\nsummary_model: light-model\n`,
      model: answers,
    });
    const summaryRequests = requests.filter(isSummaryPass);
    expect(summaryRequests.map((r) => r.body.model)).toEqual(["light-model"]);
    const partRequests = requests.filter((r) => !isSummaryPass(r));
    expect(partRequests.length).toBeGreaterThanOrEqual(2);
    expect(new Set(partRequests.map((r) => r.body.model))).toEqual(new Set(["strong-model"]));

    expect(review!.parts).toHaveLength(partRequests.length);
    for (const part of review!.parts) expect(part).toMatchObject({ model: "strong-model", outcome: "reviewed" });
    expect(review!.summaryPass).toEqual({ model: "light-model", outcome: "done" });
    expect(review!.overview).toBe("Overall.");
    expect(review!.usage.models.map((m) => [m.model, m.calls])).toEqual([
      ["strong-model", partRequests.length],
      ["light-model", 1],
    ]);
  });

  it("gives a change of a few lines exactly one call: no chunking, no summary pass", async () => {
    const { review, requests } = await configuredReview({
      diff: diffOf({ "src/a.ts": 3, "src/b.ts": 2 }),
      config: "model: strong-model\nsummary_model: light-model\n",
      model: answers,
    });
    expect(requests).toHaveLength(1);
    expect(requests[0]!.body.model).toBe("strong-model");
    expect(review!.parts).toEqual([{ index: 1, files: ["src/a.ts", "src/b.ts"], model: "strong-model", outcome: "reviewed" }]);
    expect(review!.summaryPass).toEqual({ model: null, outcome: "small-change" });
    expect(review!.overview).toBe("Part.");
  });

  it("runs the summary pass for a one-part change above small_change_lines", async () => {
    const { review, requests } = await configuredReview({
      diff: diffOf({ "src/a.ts": 25, "src/b.ts": 20 }),
      config: "model: strong-model\nsummary_model: light-model\nsmall_change_lines: 40\n",
      model: answers,
    });
    expect(review!.parts).toHaveLength(1);
    expect(requests.map((r) => r.body.model)).toEqual(["strong-model", "light-model"]);
  });

  it("falls back to the next model for the parts the first could not answer, and says so", async () => {
    const { review, requests, run } = await configuredReview({
      ...MULTI_PART,
      config: `${MULTI_PART.config}model: strong-model\nfallback_models: [backup-model]\nmax_retries: 1\n`,
      model: (request) =>
        request.body.model === "strong-model" ? reply.status(503, { body: { error: { message: "overloaded" } } }) : answers(request),
    });
    expect(run.code).toBe(0);
    expect(review!.failedChunks).toEqual([]);
    for (const part of review!.parts) {
      expect(part).toMatchObject({ model: "backup-model", outcome: "reviewed", fellBackFrom: ["strong-model (503)"] });
    }
    expect(review!.summaryPass).toMatchObject({ model: "backup-model", fellBackFrom: ["strong-model (503)"] });
    // Every call tried the strong model twice (the client's retry) before the backup.
    const calls = review!.parts.length + 1;
    expect(requests.filter((r) => r.body.model === "strong-model")).toHaveLength(calls * 2);
    expect(requests.filter((r) => r.body.model === "backup-model")).toHaveLength(calls);
  });

  it("does not fall back on a rejected key: the review fails and says why", async () => {
    const { review, requests, run } = await configuredReview({
      ...MULTI_PART,
      config: `${MULTI_PART.config}model: strong-model\nfallback_models: [backup-model]\n`,
      model: () => reply.status(401, { body: { error: { message: "Incorrect API key provided", code: "invalid_api_key" } } }),
    });
    expect(run.code).toBe(3);
    expect(requests.map((r) => r.body.model)).not.toContain("backup-model");
    expect(review!.parts.every((p) => p.outcome === "failed" && p.model === null)).toBe(true);
    expect(review!.failedChunks[0]!.error).toMatch(/rejected .*\(401 Incorrect API key provided\).* Check OPENAI_API_KEY/);
  });
});
