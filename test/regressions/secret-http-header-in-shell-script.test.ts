import { describe, expect, it } from "vitest";
import { addedFile, fakeChars, scan } from "./secret-helpers.js";

describe("credentials in HTTP headers of shell scripts", () => {
  const token = fakeChars(40, 6);
  it.each([
    `curl -H "Authorization: Bearer ${token}" https://api.acme.io/v1/deploy`,
    `curl --header 'X-API-Key: ${token}' https://api.acme.io/v1/deploy`,
    `curl -sS -H "X-Auth-Token: ${token}" "$URL"`,
  ])("%s", (line) => {
    const { redacted, text } = scan(addedFile("scripts/deploy.sh", line));
    expect(text).not.toContain(token);
    expect(redacted.findings).toHaveLength(1);
  });

  it("leaves a header that reads a variable alone", () => {
    expect(scan(addedFile("scripts/deploy.sh", 'curl -H "X-API-Key: $API_KEY" "$URL"')).redacted.findings).toEqual([]);
  });
});
