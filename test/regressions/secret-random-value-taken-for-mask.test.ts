/**
 * "xxxx" in a value marks a mask (`password: xxxxxxxx`), and the test for it ignored case:
 * a random value that held "XXxx" by chance (corpus seed 358: "...RXXxxV...") was taken for
 * a placeholder and sent to the model as it was.
 */
import { describe, expect, it } from "vitest";
import { addedFile, scan } from "./secret-helpers.js";

describe("a random value with x's of both cases in a row", () => {
  it("is redacted", () => {
    const value = "mysnTGNEKEjW68XZ7ddmlKlGUwUzRXXxxVoyCKWYW8GZWqz7";
    const { redacted, text } = scan(addedFile("config/app.env", `JWT_SECRET=${value}`));
    expect(text).not.toContain(value);
    expect(redacted.findings).toHaveLength(1);
  });

  it.each(["JWT_SECRET=xxxxxxxxxxxxxxxx", "JWT_SECRET=XXXXXXXXXXXX", "JWT_SECRET=sk_live_xxxxxxxxxxxx"])("leaves a mask alone: %s", (line) => {
    const { redacted, text } = scan(addedFile("config/app.env", line));
    expect(text).toBe(line);
    expect(redacted.findings).toEqual([]);
  });
});
