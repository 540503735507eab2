import { describe, expect, it } from "vitest";
import { BASE64, diffOf, fakeChars, scan } from "./secret-helpers.js";

// In a file that is not sent to the model, its secrets are found by reading the hunk text
// whole. Once a line matched the prefilter, the reading went on past the newline that a
// key body line's match begins with, so key material right below such a line (a line
// that merely mentions "sk-" or "token =") was not reported.
describe("key material right below a line the prefilter stops at", () => {
  const keyLine = fakeChars(64, 300, BASE64);

  it.each([
    ["a token prefix", "# rotate the sk- keys yearly"],
    ["a secret-like name", "token = load()"],
  ])("is reported after %s, in the file read whole as when parsed", (_, above) => {
    // A key file where one line of the block was added: that line alone is key material.
    const hunk = ["@@ -1,1 +1,2 @@", ` ${above}`, `+${keyLine}`].join("\n");
    const { redacted, committed } = scan(diffOf("deploy/id_rsa", hunk));
    expect(redacted.findings.map((f) => f.line)).toEqual([2]);
    expect(committed.findings.map((f) => f.line)).toEqual([2]);
  });
});
