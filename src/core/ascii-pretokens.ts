/**
 * The pre-tokenizer of o200k_base, for ASCII text only, written out by hand. The encoding
 * first cuts text with one regex (below) and then merges bytes within each piece; pieces
 * are counted on their own. That regex is a `u`-flag alternation of Unicode property
 * classes, and running it is most of the cost of counting. On ASCII text each class holds
 * only its ASCII members (\p{Lu} is A-Z, \p{Ll} is a-z, \p{N} is 0-9, the other letter and
 * mark classes are empty, \s is tab, LF, VT, FF, CR and space), so a scan of char codes
 * cuts the same pieces. test/core/count-tokens.test.ts checks that on real files and on
 * random ASCII text.
 *
 *   [^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?:'(?:[sS]|[dD]|[mM]|[tT]|[lL][lL]|[vV][eE]|[rR][eE]))?
 *  |[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?:'(?:...same...))?
 *  |\p{N}{1,3}
 *  | ?[^\s\p{L}\p{N}]+[\r\n/]*
 *  |\s*[\r\n]+
 *  |\s+(?!\S)
 *  |\s+
 */

const UPPER = 1;
const LOWER = 2;
const DIGIT = 3;
const SPACE = 4; // \s other than CR and LF
const NEWLINE = 5; // CR, LF
const OTHER = 6; // punctuation and control characters

const CLASS = new Uint8Array(128).fill(OTHER);
for (let c = 65; c <= 90; c++) CLASS[c] = UPPER;
for (let c = 97; c <= 122; c++) CLASS[c] = LOWER;
for (let c = 48; c <= 57; c++) CLASS[c] = DIGIT;
for (const c of [9, 11, 12, 32]) CLASS[c] = SPACE;
CLASS[10] = NEWLINE;
CLASS[13] = NEWLINE;

const APOSTROPHE = 39;
const SLASH = 47;
const BLANK = 32;

/** Whether every char of `text` is ASCII, so `sumOverAsciiPieces` cuts it as the encoder would. */
export function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 127) return false;
  return true;
}

/** The class of the char at `i`, 0 past the end; past ASCII, OTHER, so every piece has a char. */
function cls(text: string, i: number): number {
  if (i >= text.length) return 0;
  const code = text.charCodeAt(i);
  return code < 128 ? CLASS[code]! : OTHER;
}

/**
 * The sum of `pieceTokens` over the pieces o200k's regex cuts from ASCII `text`.
 * Written without closures: it runs once per piece of every line sent.
 */
export function sumOverAsciiPieces(text: string, pieceTokens: (piece: string) => number): number {
  const n = text.length;
  let tokens = 0;
  let i = 0;
  while (i < n) {
    const end = pieceEnd(text, i);
    tokens += pieceTokens(text.slice(i, end));
    i = end;
  }
  return tokens;
}

/** Where the piece that starts at `i` ends. */
export function pieceEnd(text: string, i: number): number {
  const n = text.length;
  const c = cls(text, i);
  let end = i + 1;
  if (c === DIGIT) {
    while (end < n && end < i + 3 && cls(text, end) === DIGIT) end++;
    return end;
  }
  // A word, with one optional leading char that is not a letter, digit, CR or LF.
  let j = c === OTHER || c === SPACE ? i + 1 : i;
  const letters = j;
  while (cls(text, j) === UPPER) j++;
  while (cls(text, j) === LOWER) j++;
  if (j > letters) return contractionEnd(text, j);
  if (c === OTHER || (c === SPACE && text.charCodeAt(i) === BLANK && cls(text, i + 1) === OTHER)) {
    if (c === SPACE) end++;
    while (cls(text, end) === OTHER) end++;
    for (let k = cls(text, end); k === NEWLINE || text.charCodeAt(end) === SLASH; k = cls(text, end)) end++;
    return end;
  }
  // Whitespace: up to its last CR or LF if it has one; else all of it at the text's end,
  // all but its last char before other text (that char leads the next piece), and a
  // single char as it is.
  let run = i;
  let lastNewline = -1;
  for (let k = cls(text, run); k === SPACE || k === NEWLINE; k = cls(text, ++run)) if (k === NEWLINE) lastNewline = run;
  if (lastNewline >= 0) return lastNewline + 1;
  return run === n || run - i === 1 ? run : run - 1;
}

/** Past an optional "'s", "'d", "'m", "'t", "'ll", "'ve" or "'re" (any case) at `j`. */
function contractionEnd(text: string, j: number): number {
  if (text.charCodeAt(j) !== APOSTROPHE) return j;
  const a = text.charCodeAt(j + 1) | 0x20;
  if (a === 115 || a === 100 || a === 109 || a === 116) return j + 2; // s d m t
  const b = text.charCodeAt(j + 2) | 0x20;
  if ((a === 108 && b === 108) || (a === 118 && b === 101) || (a === 114 && b === 101)) return j + 3; // ll ve re
  return j;
}
