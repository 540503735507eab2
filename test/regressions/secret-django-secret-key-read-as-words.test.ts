/**
 * Django's generated SECRET_KEY starts "django-insecure-" and mixes letters with signs, so
 * it is no token shape, and the generic rule asked it not to read as words; the prefix is
 * two words, and now and then the random rest split into word-like pieces too. Such a key
 * in settings.py went to the model as it was. The prefix alone says what it is.
 */
import { describe, expect, it } from "vitest";
import { addedFile, fakeChars, scan } from "./secret-helpers.js";

const DJANGO_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789!@#%^&*(-_=+)";
const prefix = ["django", "insecure", ""].join("-");

describe("Django's SECRET_KEY", () => {
  it("is redacted when its random part reads as words (corpus seed 1050)", () => {
    const key = prefix + "sic6&)^)vvu@@%4*mc_lus_2_aofs^jyu+_9(iv0@a91#lox^k";
    const { redacted, text } = scan(addedFile("project/settings/base.py", `SECRET_KEY = "${key}"`));
    expect(text).not.toContain(key.slice(prefix.length));
    expect(redacted.findings).toHaveLength(1);
  });

  it("is redacted wherever it stands, for every one of 500 random keys", () => {
    const missed: string[] = [];
    for (let seed = 0; seed < 500; seed++) {
      const key = prefix + fakeChars(50, seed * 31337 + 5, DJANGO_CHARS);
      const { text } = scan(addedFile("app/settings.py", `    "KEY": '${key}',`));
      if (text.includes(key.slice(prefix.length))) missed.push(key);
    }
    expect(missed).toEqual([]);
  });

  it("leaves the prefix alone in prose and code that checks for it", () => {
    const line = `if key.startswith("${prefix}"): warn("insecure key")`;
    const { redacted, text } = scan(addedFile("app/checks.py", line));
    expect(text).toBe(line);
    expect(redacted.findings).toEqual([]);
  });
});
