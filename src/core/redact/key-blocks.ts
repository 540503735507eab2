/**
 * Private key blocks. A PEM block spans many lines, and only its marker lines say what it
 * is. Blocks are found in a sequence of consecutive lines of one file (each side of a diff
 * separately: old is context and deleted lines, new is context and added lines).
 *
 * A hunk that edits a key file in the middle shows no marker at all, so a run of body
 * lines is a key on its own: lines of exactly the width PEM (64) and OpenSSH (70) wrap
 * base64 at, mixing both cases and digits. Two such lines make a run anywhere; in a file
 * named like a key (`id_rsa`, `*.pem`, `*.key`) one is enough. A run under a certificate's
 * or a public key's BEGIN line is no secret.
 */
import { isWordy } from "./is-wordy.js";
import type { Span } from "./spans.js";

export type BlockIds = () => number;
export function newBlockIds(): BlockIds {
  let next = 0;
  return () => next++;
}

const KEY_BEGIN = /-----BEGIN[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----/;
const KEY_END = /-----END[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----/;
const KEY_MATERIAL = /[A-Za-z0-9+/]{16,}/;
/** A bare base64 line: a PEM file, a YAML block, a shell continuation. */
const KEY_LINE_BARE = /^\s*(?:\+\s*)?(?:[A-Za-z0-9+/=]|\\[rn])+\s*(?:\\\s*)?$/;
/** Quoted base64 pieces, as code embeds a key: concatenated, listed, escaped. */
const KEY_LINE_QUOTED =
  /^\s*(?:[+,]\s*)?(?:[br]?(["'`])(?:[A-Za-z0-9+/=]|\\[rn])*\1\s*(?:[+,;]\s*)?)+(?:\\\s*)?$/;
const KEY_HEADER = /^\s*["'`]?(?:Proc-Type|DEK-Info|Version|Comment|Hash|Charset):/;

function isBase64Char(c: number): boolean {
  return (
    (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 43 || c === 47 || c === 61
  );
}

/** The key material of a body line, without the quotes and escapes around it; null if none. */
function keyContent(text: string): readonly [number, number] | null {
  if (KEY_HEADER.test(text)) return [text.search(/\S/), text.trimEnd().length];
  let start: number;
  if (KEY_LINE_BARE.test(text)) start = /^\s*(?:\+\s+)?/.exec(text)![0].length;
  else if (KEY_LINE_QUOTED.test(text)) start = text.search(/["'`]/) + 1;
  else return null;
  const end = materialEnd(text, start);
  return start < end ? [start, end] : null;
}

/** Where the key material that starts at `from` ends: before a closing quote, `\n` or `\`. */
function materialEnd(text: string, from: number): number {
  let end = text.trimEnd().length;
  if (text[end - 1] === "\\") end = text.slice(0, end - 1).trimEnd().length;
  const quote = Math.max(text.lastIndexOf('"'), text.lastIndexOf("'"), text.lastIndexOf("`"));
  if (quote >= from) end = quote;
  while (end - 2 >= from && text[end - 2] === "\\" && (text[end - 1] === "n" || text[end - 1] === "r")) {
    end -= 2;
  }
  return end;
}

/** The END marker with any key material glued before it ("...AB==\n-----END ..."). */
function keyEnd(text: string): readonly [number, number] | null {
  const end = KEY_END.exec(text);
  if (!end) return null;
  let start = end.index;
  for (;;) {
    if (start > 1 && text[start - 2] === "\\" && /[rn]/.test(text[start - 1]!)) start -= 2;
    else if (start > 0 && isBase64Char(text.charCodeAt(start - 1))) start--;
    else break;
  }
  return [start, end.index + end[0].length];
}

const isBlank = (text: string) => /^[\s"'`]*$/.test(text);

/** Whether key material starts at `texts[i]` (after the blank line PGP armor puts first). */
function keyBodyFollows(texts: readonly string[], i: number): boolean {
  for (let j = i; j < texts.length && j < i + 3; j++) {
    const text = texts[j]!;
    if (KEY_HEADER.test(text)) return true;
    if (isBlank(text)) continue;
    return keyContent(text) !== null && KEY_MATERIAL.test(text);
  }
  return false;
}


/** Private key spans of consecutive lines, by line index. */
export function findKeyBlocks(texts: readonly string[], blockId: BlockIds): Map<number, Span> {
  const out = new Map<number, Span>();
  const mark = (i: number, at: readonly [number, number], block: number, counted: boolean) =>
    out.set(i, { start: at[0], end: at[1], kind: "private-key", counted, block });

  for (let i = 0; i < texts.length; i++) {
    const text = texts[i]!;
    const begin = KEY_BEGIN.exec(text);
    if (begin) {
      const after = begin.index + begin[0].length;
      const rest = text.slice(after);
      const end = keyEnd(rest);
      if (end) {
        // A whole key on one line, as JSON keeps it ("-----BEGIN...\nMIIE...\n-----END...").
        if (KEY_MATERIAL.test(rest.slice(0, end[1]))) mark(i, [begin.index, after + end[1]], blockId(), true);
        continue;
      }
      const materialHere = KEY_MATERIAL.test(rest);
      // A marker with no key after it is code that handles keys (a parser, a regex).
      if (!materialHere && !keyBodyFollows(texts, i + 1)) continue;
      const block = blockId();
      mark(i, [begin.index, materialHere ? materialEnd(text, after) : after], block, true);
      let j = i + 1;
      for (; j < texts.length; j++) {
        const line = texts[j]!;
        const close = keyEnd(line);
        if (close) {
          mark(j, close, block, false);
          j++;
          break;
        }
        const content = keyContent(line);
        if (content) mark(j, content, block, false);
        else if (!isBlank(line)) break;
      }
      i = j - 1;
      continue;
    }
    const end = keyEnd(text);
    if (end) {
      // The BEGIN marker lies outside the hunk, but the body lines above are still a key.
      let first = i;
      while (first > 0 && !out.has(first - 1) && keyContent(texts[first - 1]!)) first--;
      if (!texts.slice(first, i).some((line) => KEY_MATERIAL.test(line))) continue;
      const block = blockId();
      for (let j = first; j < i; j++) mark(j, keyContent(texts[j]!)!, block, j === first);
      mark(i, end, block, false);
    }
  }
  return out;
}


/** Widths at which PEM (and PGP armor) and OpenSSH wrap a key's base64. */
const BODY_WIDTHS = new Set([64, 70]);
const BODY_LINE = /^[ \t]*(["'`]?)([A-Za-z0-9+/]+)\1[ \t]*,?[ \t]*$/;
/** A shorter last line of a body, maybe padded. */
const LAST_BODY_LINE = /^[ \t]*(["'`]?)([A-Za-z0-9+/]{4,}={0,2})\1[ \t]*,?[ \t]*$/;
const NOT_A_KEY_BEGIN = /-----BEGIN (?:CERTIFICATE|[A-Z ]*PUBLIC KEY|CERTIFICATE REQUEST|X509 CRL|PGP PUBLIC KEY BLOCK|PGP SIGNATURE|PGP MESSAGE)/;
const ANY_END = /-----END /;

/**
 * The material of a full-width body line, or null: checked by length first, so it costs
 * nothing. Key material mixes both cases and holds a digit, or at least a sign, and no
 * words; but 1 random line in 600,000 has neither digit nor sign, so a line of letters
 * only that reads as no words is weak: it belongs to a run, and makes none alone.
 */
function bodyLine(text: string): readonly [start: number, end: number, strong: boolean] | null {
  const length = text.trim().length;
  if (length < 64 || length > 76) return null;
  const m = BODY_LINE.exec(text);
  if (!m || !BODY_WIDTHS.has(m[2]!.length)) return null;
  const body = m[2]!;
  if (!/[a-z]/.test(body) || !/[A-Z]/.test(body)) return null;
  const digit = /\d/.test(body);
  if (!digit && isWordy(body)) return null;
  const start = m.index + m[0].indexOf(body);
  return [start, start + body.length, digit || /[+/]/.test(body)];
}

/** Whether `text` may be a key body line: the cheap test that decides whether to look for runs. */
export const mayBeKeyBodyLine = (text: string) => text.length >= 64 && bodyLine(text) !== null;

/** Adds to `out` the marker-less runs of key body lines (see the module comment). */
export function findKeyBodyRuns(
  texts: readonly string[],
  keyFile: boolean,
  out: Map<number, Span>,
  blockId: BlockIds,
): void {
  let publicAbove = false;
  for (let i = 0; i < texts.length; i++) {
    const text = texts[i]!;
    if (NOT_A_KEY_BEGIN.test(text)) publicAbove = true;
    else if (ANY_END.test(text)) publicAbove = false;
    if (out.has(i) || publicAbove) continue;
    const first = bodyLine(text);
    if (!first) continue;
    const width = first[1] - first[0];
    const run: (readonly [number, number, boolean?])[] = [first];
    let j = i + 1;
    for (; j < texts.length && !out.has(j); j++) {
      const next = bodyLine(texts[j]!);
      if (!next || next[1] - next[0] !== width) break;
      run.push(next);
    }
    if ((run.length < 2 && !keyFile) || !run.some((line) => line[2])) continue;
    // The last line of a body is shorter.
    const last = j < texts.length && !out.has(j) ? LAST_BODY_LINE.exec(texts[j]!) : null;
    if (last && last[2]!.length < width && /[0-9+/=]/.test(last[2]!) && /[A-Z]/.test(last[2]!)) {
      const start = last.index + last[0].indexOf(last[2]!);
      run.push([start, start + last[2]!.length]);
      j++;
    }
    const block = blockId();
    run.forEach((at, k) => out.set(i + k, { start: at[0], end: at[1], kind: "private-key", counted: k === 0, block }));
    i = j - 1;
  }
}
