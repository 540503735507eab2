import { describe, expect, it } from "vitest";
import { redactText } from "../../src/core/redact/index.js";
import { BASE64, diffOf, fakeChars, scan } from "./secret-helpers.js";

// A hunk that changes a key file in the middle shows no BEGIN or END line; nothing was
// redacted, and the key material went to the model.
describe("a private key edited in the middle of its block", () => {
  const body = Array.from({ length: 5 }, (_, i) => fakeChars(64, 100 + i, BASE64));
  const hunk = ["@@ -12,4 +12,4 @@", ` ${body[0]}`, ` ${body[1]}`, `-${body[2]}`, `+${body[3]}`, ` ${body[4]}`].join("\n");

  it.each(["deploy/id_rsa", "certs/server.key", "config/keys/signing.pem"])("is redacted in %s and reported once", (path) => {
    const { redacted, committed, text } = scan(diffOf(path, hunk));
    for (const line of body) expect(text).not.toContain(line);
    expect(redacted.findings).toHaveLength(1);
    expect(redacted.findings[0]!.line).toBe(14);
    expect(committed.findings.map((f) => f.line)).toEqual([14]);
  });

  it("is redacted wherever a run of such lines sits, free text included", () => {
    const { redactions, text } = redactText(["key material:", ...body.slice(0, 3)].join("\n"));
    expect(redactions).toEqual([{ kind: "private-key", line: 2 }]);
    for (const line of body.slice(0, 3)) expect(text).not.toContain(line);
  });

  it("leaves a certificate bundle alone", () => {
    expect(scan(diffOf("certs/ca-bundle.crt", hunk)).redacted.findings).toEqual([]);
  });
});
