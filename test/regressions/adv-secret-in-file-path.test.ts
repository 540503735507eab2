/**
 * Adversary: the title, the description and every diff line are redacted before they
 * leave, but a file's path is not: a token pasted into a file name (a download saved as
 * `ghp_....txt`, a cache folder named after a key) reaches the model verbatim in the
 * `### path (added)` heading, and is no finding.
 */
import { describe, expect, it } from "vitest";
import { reviewBranch } from "../support/review-branch.js";
import { fakeChars } from "./secret-helpers.js";

describe("adversary: a secret in a file's path", () => {
  it("never sends a GitHub token written in a path", async () => {
    const token = `ghp_${fakeChars(36, 77)}`;
    const { sent, review } = await reviewBranch({
      base: { "src/a.js": "export const a = 1;\n" },
      branch: { [`notes/${token}.txt`]: "call the API with this one\n" },
    });
    expect(sent).toContain("notes/");
    expect(sent).not.toContain(token);
    // Pushing the name leaked it: a finding of its own, which never quotes the secret.
    const found = review.comments.filter((c) => c.path === `notes/${token}.txt` && c.severity === "critical");
    expect(found).toHaveLength(1);
    expect(found[0]!.body).not.toContain(token);
    expect(review.verdict).toBe("request_changes");
  });
});
