/**
 * Fingerprints: how a later run recognises a comment it already posted. The fingerprint
 * is kept in a hidden marker in the posted comment, and a new run drops what it finds
 * there, so it must come out the same when the same thing is said about the same code,
 * even after the branch moved on.
 *
 * What goes in, and why:
 * - the file's path and the side: the same words on another file, or on removed instead
 *   of added code, are another comment;
 * - the title, or the body when there is no title, lowercased with whitespace collapsed:
 *   a title is what a model repeats most faithfully between runs, a body is reworded more
 *   often. Numbers and quoted identifiers stay, because "`a` may be null" and "`b` may be
 *   null" are two findings;
 * - the text of the commented line, trimmed: it ties the finding to the code it is about,
 *   and trimming forgives re-indentation and a CRLF (a secret's line is the redacted text);
 * - for a secret-scan finding, its `secretId` (a one-way hash of the secret): a line that
 *   trades one secret for another leaks a new one;
 * - a version tag, so a future change of this recipe cannot match old markers by accident.
 *
 * What stays out, and why:
 * - the line number: a commit that adds lines above the finding must not make it new;
 * - the severity: a model that rates the same finding "minor" one run and "major" the next
 *   would otherwise post it twice;
 * - the suggestion and the source: they do not change what the comment is about.
 */
import { createHash } from "node:crypto";
import type { Side } from "./finding.js";

const RECIPE = "ai-review-fingerprint-v1";

/** Hex digits kept: 64 bits, so a collision between two comments of a review is negligible. */
export const FINGERPRINT_LENGTH = 16;

export interface FingerprintInput {
  path: string;
  side: Side;
  title?: string;
  body: string;
  /** The text of the commented diff line (an anchored comment's `lineText`). */
  lineText: string;
  /** A secret-scan finding's one-way hash of its secrets: a rotated secret is a new finding. */
  secretId?: string;
}

/**
 * A comment's fingerprint: 16 lowercase hex digits. `occurrence` (0 for the first) tells
 * apart comments that would otherwise be equal, the same words on two identical lines of a
 * file; it counts in line order, so it survives shifts as long as their order holds.
 */
export function fingerprint(input: FingerprintInput, occurrence = 0): string {
  const title = normalizeText(input.title ?? "");
  const parts = [RECIPE, input.path, input.side, title || normalizeText(input.body), input.lineText.trim()];
  if (input.secretId !== undefined) parts.push(`secret:${input.secretId}`);
  if (occurrence > 0) parts.push(String(occurrence));
  // JSON, not a separator: no text inside a part can shift the boundary between two parts.
  return createHash("sha256").update(JSON.stringify(parts)).digest("hex").slice(0, FINGERPRINT_LENGTH);
}

/** Lowercased, Unicode NFC, whitespace runs as one space, trimmed; nothing else removed. */
export function normalizeText(text: string): string {
  return text.normalize("NFC").toLowerCase().replace(/\s+/g, " ").trim();
}
