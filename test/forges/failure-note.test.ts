import { describe, expect, it } from "vitest";
import { readSummaryMarker } from "../../src/core/review-marker.js";
import { FAILURE_MARKER, failureNoteBody, isFailureNote } from "../../src/forges/failure-note.js";

describe("failureNoteBody", () => {
  const state = { head: "a".repeat(40), base: "b".repeat(40), fingerprints: ["0123456789abcdef", "fedcba9876543210"] };

  it("keeps the summary's state, so the next run still starts from the last good review", () => {
    const body = failureNoteBody(state, { attempts: 3, message: "the model gateway answered 401" });
    expect(readSummaryMarker(body)).toEqual(state);
    expect(isFailureNote(body)).toBe(false);
    expect(body).toContain("could not review the latest changes (3 attempts): the model gateway answered 401");
  });

  it("without a summary, carries its own marker and no state", () => {
    const body = failureNoteBody(null, { attempts: 1, message: "boom" });
    expect(body.startsWith(FAILURE_MARKER)).toBe(true);
    expect(readSummaryMarker(body)).toBeNull();
    expect(body).toContain("(1 attempt): boom");
  });

  it("neither pings anyone nor carries a marker from the error text, and stays one short line", () => {
    const body = failureNoteBody(null, { attempts: 2, message: `@octocat <!-- ai-review:summary x -->\n${"x".repeat(2_000)}` });
    expect(body).not.toMatch(/(^|\s)@octocat/);
    expect(body.match(/<!-- ai-review:/g)).toHaveLength(1);
    expect(body.split("\n")[2]!.length).toBeLessThan(800);
  });
});
