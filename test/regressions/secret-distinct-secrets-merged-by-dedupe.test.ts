import { describe, expect, it } from "vitest";
import { anchorFindings } from "../../src/core/anchor.js";
import { dedupeFindings } from "../../src/core/dedupe.js";
import { parseHunks } from "../../src/core/parse-hunks.js";
import { redactFile } from "../../src/core/redact/index.js";
import { splitDiff } from "../../src/core/split-diff.js";
import { addedFile, fakeChars } from "./secret-helpers.js";

// Four secrets on adjacent lines of a .env file were reported as two: dedupe took the
// findings on touching lines with the same words for repeats.
describe("distinct secrets on adjacent lines", () => {
  const values = [fakeChars(24, 20), fakeChars(24, 21), fakeChars(48, 22), fakeChars(24, 23)];
  const env = [`DB_PASSWORD=${values[0]}`, `REDIS_PASSWORD=${values[1]}`, `SESSION_SECRET=${values[2]}`, `SMTP_PASSWORD=${values[3]}`].join("\n");

  function review(text: string, previous?: ReadonlySet<string>) {
    const redacted = redactFile(parseHunks(splitDiff(addedFile(".env", text))[0]!));
    const anchored = anchorFindings(redacted.findings, [redacted.file]);
    return dedupeFindings(anchored.comments, { previousFingerprints: previous });
  }

  it("are four findings with four fingerprints", () => {
    const { kept, merged } = review(env);
    expect(kept.map((c) => c.line)).toEqual([1, 2, 3, 4]);
    expect(merged).toEqual([]);
    expect(new Set(kept.map((c) => c.fingerprint)).size).toBe(4);
  });

  it("never carry the secret, and a rotated secret is a new finding", () => {
    const first = review(env);
    for (const comment of first.kept) for (const value of values) expect(JSON.stringify(comment)).not.toContain(value);
    const rotated = review(env.replace(values[0]!, fakeChars(24, 30)), new Set(first.kept.map((c) => c.fingerprint)));
    expect(rotated.kept.map((c) => c.line)).toEqual([1]);
    expect(rotated.alreadyPosted.map((c) => c.line)).toEqual([2, 3, 4]);
  });
});
