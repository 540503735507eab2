import { countTokens as countO200k } from "gpt-tokenizer";

// Diffs of tokenizer code can hold "<|endoftext|>"; it is text here, not a control token.
const AS_TEXT = { disallowedSpecial: new Set<string>() };

/** Tokens of `text` in o200k_base (the GPT-4o / GPT-5 family encoding). */
export function countTokens(text: string): number {
  return countO200k(text, AS_TEXT);
}

export type TokenCounter = (text: string) => number;
