import { countTokens as countO200k } from "gpt-tokenizer";
import { isAscii, sumOverAsciiPieces } from "./ascii-pretokens.js";

// Diffs of tokenizer code can hold "<|endoftext|>"; it is text here, not a control token.
const AS_TEXT = { disallowedSpecial: new Set<string>() };

/** Tokens of `text` in o200k_base (the GPT-4o / GPT-5 family encoding). */
export function countTokens(text: string): number {
  return countO200k(text, AS_TEXT);
}

export type TokenCounter = (text: string) => number;

/**
 * A counter for one review, exactly `countTokens`, that remembers what it counted: within
 * a review a line's text recurs often (braces, blank lines, imports, line numbers), and
 * the pieces the encoder cuts text into far more (words, operators, indentation). It is
 * dropped with the review, so a long-running server holds no text between reviews.
 *
 * ASCII text, most of any diff, is cut into pieces by `sumOverAsciiPieces` and each piece
 * is counted once by the library: the encoder counts pieces on their own, so the sum is
 * its count. Other text goes to the library whole.
 */
export function reviewTokenCounter(): TokenCounter {
  const texts = new Map<string, number>();
  const pieces = new Map<string, number>();
  const pieceTokens = (piece: string) => {
    let tokens = pieces.get(piece);
    if (tokens === undefined) {
      tokens = countTokens(piece);
      pieces.set(piece, tokens);
    }
    return tokens;
  };
  return (text) => {
    let tokens = texts.get(text);
    if (tokens === undefined) {
      tokens = isAscii(text) ? sumOverAsciiPieces(text, pieceTokens) : countTokens(text);
      texts.set(text, tokens);
    }
    return tokens;
  };
}

/**
 * Tokens of a line number as the rendered diff shows it (`123`, or `L123` for an old
 * line): o200k reads digits in groups of up to three, each group one token, and the `L`
 * before them as one more. Counted, not looked up: every rendered line has one.
 */
export function lineNumberTokens(n: number, old: boolean): number {
  const groups = n < 1e3 ? 1 : n < 1e6 ? 2 : n < 1e9 ? 3 : Math.ceil(String(n).length / 3);
  return old ? groups + 1 : groups;
}
