import { describe, expect, it } from "vitest";
import { addedFile, scan } from "./secret-helpers.js";

// The assigned-secret rule rejected any value that held "pass" or "key", and any value made
// of words: exactly what people choose as passwords.
describe("passwords made of ordinary words are secrets", () => {
  const words = ["correct", "horse", "battery", "staple"].join("-");
  const policy = ["Summer", "2024", "!", "Pass"].join("");
  it.each([
    [".env", `DB_PASSWORD=${policy}`, policy],
    ["config/settings.py", `password = "${words}"`, words],
    ["config/app.yml", `  password: ${words}`, words],
    ["src/db.ts", `const dbPassword = "${policy}";`, policy],
  ])("in %s", (path, line, password) => {
    const { redacted, committed, text } = scan(addedFile(path, line));
    expect(text).not.toContain(password);
    expect(redacted.findings).toHaveLength(1);
    expect(committed.findings).toHaveLength(1);
  });

  it.each([
    'password: "password123"',
    "password: required",
    'type: "password"',
    'passwordField = "current-password"',
  ])("but not the placeholders and names in %s", (line) => {
    expect(scan(addedFile("config/app.yml", line)).redacted.findings).toEqual([]);
  });
});
