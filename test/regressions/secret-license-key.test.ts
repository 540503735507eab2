import { describe, expect, it } from "vitest";
import { addedFile, fakeChars, scan } from "./secret-helpers.js";

describe("license keys", () => {
  const groups = (n: number, seed: number) =>
    Array.from({ length: n }, (_, i) => fakeChars(5, seed + i, "ABCDEFGHJKLMNPQRSTUVWXYZ23456789")).join("-");
  it.each([
    [".env", (key: string) => `NEW_RELIC_LICENSE_KEY=${key}`],
    ["config/pdf.json", (key: string) => `  "licenseKey": "${key}"`],
    ["src/grid.ts", (key: string) => `LicenseManager.setLicenseKey("${key}");`],
  ])("in %s", (path, line) => {
    const key = groups(5, 10);
    const { redacted, text } = scan(addedFile(path, line(key)));
    expect(text).not.toContain(key);
    expect(redacted.findings.map((f) => f.body)).toEqual([expect.stringContaining("a license key")]);
  });

  it("leaves a license name alone", () => {
    expect(scan(addedFile("package.json", '  "license": "Apache-2.0",')).redacted.findings).toEqual([]);
  });
});
