/**
 * Hex keys were judged like base64 ones: hex has 16 symbols, so its entropy tops out at 4
 * bits, and a random 64-digit key fell under the 3.5 bits asked of a `..._KEY` value 1 time
 * in 4,000 (a 32-digit one 1 time in 5); and hex letters spell "bad", "face" and "cafe", so
 * a hex API key could pass for words. Either way the key went to the model as it was.
 */
import { describe, expect, it } from "vitest";
import { addedFile, fakeChars, scan } from "./secret-helpers.js";
import { shannonEntropy } from "../../src/core/redact/values.js";

describe("hex keys", () => {
  // Drawn by the corpus (seeds 1193 and 215): random, and under 3.5 bits.
  const lowEntropy = ["c6212ec8782efb4bb00e009e7e3b9bc28dde8b1ede6debed08cd828b99e808f2", "23cc5836944824329630035468c67e034942896c6368b63f28e8502575903c25"];

  it.each(lowEntropy)("%s under ENCRYPTION_KEY in .env is redacted", (key) => {
    expect(shannonEntropy(key)).toBeLessThan(3.5);
    const { redacted, text } = scan(addedFile(".env", `ENCRYPTION_KEY=${key}`));
    expect(text).not.toContain(key);
    expect(redacted.findings).toHaveLength(1);
  });

  it("a hex API key in a curl header is redacted though its letters spell pieces of words", () => {
    const key = "8a4ffaff525bfe784cb59c31bfcceaae";
    const { redacted, text } = scan(addedFile("scripts/sync.sh", `curl -s "$URL" -H "X-API-Key: ${key}"`));
    expect(text).not.toContain(key);
    expect(redacted.findings).toHaveLength(1);
  });

  it("every one of 2,000 random 32-digit hex keys under a `..._KEY` name is redacted", () => {
    const missed: string[] = [];
    for (let seed = 0; seed < 2000; seed++) {
      const key = fakeChars(32, seed * 104729 + 17, "0123456789abcdef");
      const { text } = scan(addedFile(".env", `SIGNING_KEY=${key}`));
      if (text.includes(key)) missed.push(key);
    }
    expect(missed).toEqual([]);
  });

  it.each([
    ["config/settings.yml", "cache_key: 0123abcd"],
    ["src/build.ts", 'const commitSha = "4f2a9c8e1b7d3a6f5e0c9b8a7d6e5f4a3b2c1d0e";'],
  ])("leaves hex that is no key alone: %s", (path, line) => {
    const { redacted, text } = scan(addedFile(path, line));
    expect(text).toBe(line);
    expect(redacted.findings).toEqual([]);
  });
});
