/**
 * Generated tokens were judged "made of words" when their letters happened to fall in runs
 * of three or more (1 random 32-character token in 40, 1 in 11 at 12 characters), or when
 * they spelled "key", "pwd" or "auth" by chance: such a token under `token = "..."` went to
 * the model as it was. Later draws of the corpus found more: letters that only a random run
 * pairs ("zx", "qd", ...) and a lone capital before a capitalized piece ("NNtu") read as
 * words, and a short password that spelled "pwd" by chance was judged by what was left
 * only when that was 20 characters long. Names and placeholders made of words still pass
 * untouched.
 */
import { describe, expect, it } from "vitest";
import { addedFile, ALNUM, BASE64, fakeChars, scan } from "./secret-helpers.js";

describe("random tokens are not words", () => {
  it.each([
    ["cioFgzFF6C0Ka51XcwdoXzOLiuhwiAlfahg", ".cargo/credentials.toml", (v: string) => `token = "${v}"`],
    ["sqDvYmwrDiwbdmE6KsllDTI4", ".github/workflows/deploy.yml", (v: string) => `      VERCEL_TOKEN: ${v}`],
    ["amVua2luczpwdU5EbUVLNnRSNkh1MUlsaHEz", "ci/docker/config.json", (v: string) => `    "auth": "${v}"`],
    ["jafctpFnuckeSTX69ILOtNNtuABPROG4", "App/Secrets.swift", (v: string) => `let clientSecret = "${v}"`],
    ["nk33UeNpwdb7HZ.96!Lk75", "src/auth/jwt.ts", (v: string) => `const JWT_SECRET = "${v}";`],
  ])("%s is redacted", (value, path, line) => {
    const { redacted, text } = scan(addedFile(path, line(value)));
    expect(text).not.toContain(value);
    expect(redacted.findings).toHaveLength(1);
  });

  // A random text can spell words by chance: with the old test about 75 of these 3,000
  // tokens got through; the rare one left is a token whose letters read as English.
  it("at most 1 token of 24 to 48 random characters in 1,000 gets through", () => {
    const missed: string[] = [];
    for (let seed = 0; seed < 3000; seed++) {
      const value = fakeChars(24 + (seed % 25), seed * 7919, seed % 2 ? ALNUM : BASE64);
      if (!/\d/.test(value)) continue; // a token of letters only is judged by its length and cases
      const { text } = scan(addedFile("config/settings.yml", `api_token: ${value}`));
      if (text.includes(value)) missed.push(value);
    }
    expect(missed.length).toBeLessThanOrEqual(3);
  });

  it.each([
    ["src/types.ts", "  NextToken?: NonEmptyMaxLength1024String;"],
    ["test/auth.test.ts", 'const token = "myTestToken2";'],
    ["config/settings.yml", "api_token: UpdateSSHPublicKeyRequest"],
    ["config/settings.yml", "secret: ConstructorParameters"],
  ])("leaves words alone: %s", (path, line) => {
    const { redacted, text } = scan(addedFile(path, line));
    expect(text).toBe(line);
    expect(redacted.findings).toEqual([]);
  });
});
