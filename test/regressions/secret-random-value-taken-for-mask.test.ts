/**
 * "xxxx" in a value marks a mask (`password: xxxxxxxx`), and the test for it ignored case:
 * a random value that held "XXxx" by chance (corpus seed 358: "...RXXxxV...") was taken for
 * a placeholder and sent to the model as it was; so was a long token that held one "XXXX"
 * by chance (seed 2124, an AWS session token of 340 characters).
 */
import { describe, expect, it } from "vitest";
import { addedFile, BASE64, fakeChars, scan } from "./secret-helpers.js";

describe("a random value with x's of both cases in a row", () => {
  it("is redacted", () => {
    const value = "mysnTGNEKEjW68XZ7ddmlKlGUwUzRXXxxVoyCKWYW8GZWqz7";
    const { redacted, text } = scan(addedFile("config/app.env", `JWT_SECRET=${value}`));
    expect(text).not.toContain(value);
    expect(redacted.findings).toHaveLength(1);
  });

  it("a long token with one XXXX in it is redacted", () => {
    const token = fakeChars(150, 900, BASE64) + "XXXX" + fakeChars(150, 901, BASE64);
    const { redacted, text } = scan(addedFile(".aws/credentials", `[default]\naws_session_token = ${token}`));
    expect(text).not.toContain(token);
    expect(redacted.findings).toHaveLength(1);
  });

  it.each(["JWT_SECRET=xxxxxxxxxxxxxxxx", "API_KEY=pass_xxxx", "JWT_SECRET=XXXXXXXXXXXX", "JWT_SECRET=sk_live_xxxxxxxxxxxx"])("leaves a mask alone: %s", (line) => {
    const { redacted, text } = scan(addedFile("config/app.env", line));
    expect(text).toBe(line);
    expect(redacted.findings).toEqual([]);
  });
});
