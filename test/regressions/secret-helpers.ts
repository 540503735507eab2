/**
 * Shared by the secret regression tests: a one-file diff of added lines, run through the
 * real split, parse and redact stages. Fake secrets are assembled at run time, so no file
 * of the repository holds a string a secret scanner would stop at.
 */
import { parseHunks } from "../../src/core/parse-hunks.js";
import { findCommittedSecrets, redactFile } from "../../src/core/redact/index.js";
import { splitDiff } from "../../src/core/split-diff.js";

/** Deterministic characters (mulberry32), so a failure reproduces. */
export function fakeChars(length: number, seed: number, alphabet = ALNUM): string {
  let state = seed >>> 0;
  let out = "";
  for (let i = 0; i < length; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out += alphabet[((t ^ (t >>> 14)) >>> 0) % alphabet.length];
  }
  return out;
}
export const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
export const BASE64 = ALNUM + "+/";

/** The hunk text of `lines` (each with its `+`, `-` or space), as a diff of the file at `path`. */
export function diffOf(path: string, hunk: string): string {
  return `diff --git a/${path} b/${path}\n--- a/${path}\n+++ b/${path}\n${hunk}\n`;
}

/** A diff that adds `text` as a new file's lines. */
export function addedFile(path: string, text: string): string {
  const lines = text.split("\n");
  return diffOf(path, `@@ -0,0 +1,${lines.length} @@\n${lines.map((line) => `+${line}`).join("\n")}`);
}

/** Redacts the only file of `diff` both ways (parsed and unparsed) and checks they agree. */
export function scan(diff: string) {
  const section = splitDiff(diff)[0]!;
  const redacted = redactFile(parseHunks(section));
  const committed = findCommittedSecrets(section.path, section.body);
  const text = redacted.file.hunks.flatMap((hunk) => hunk.lines.map((line) => line.text)).join("\n");
  return { redacted, committed, text };
}
