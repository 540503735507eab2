/**
 * A license key of letters and digits has no digit 1 time in 200; one of letters only in
 * dashed groups counted only when the whole read as no words, and four groups of four
 * capitals read as acronyms ("MSRK-OKEH-GSYT-PYMO", corpus seed 2483), so the key went to
 * the model as it was. Such a key is now words only when every group is one.
 */
import { describe, expect, it } from "vitest";
import { addedFile, scan } from "./secret-helpers.js";

describe("a license key of capital letters only", () => {
  it("is redacted", () => {
    const key = ["MSRK", "OKEH", "GSYT", "PYMO"].join("-");
    const { redacted, text } = scan(addedFile("reporting/pdf.py", `PDF_LICENSE_KEY = "${key}"`));
    expect(text).not.toContain(key);
    expect(redacted.findings).toHaveLength(1);
  });

  it.each(["TEST-DEMO-ONLY-CODE", "NONE-NONE-NONE", "XXXX-XXXX-XXXX-XXXX"])("leaves words and masks alone: %s", (key) => {
    const line = `PDF_LICENSE_KEY = "${key}"`;
    const { redacted, text } = scan(addedFile("reporting/pdf.py", line));
    expect(text).toBe(line);
    expect(redacted.findings).toEqual([]);
  });
});
