/**
 * Text the model wrote, made unable to notify anyone. On GitHub (and GitLab) `@login` and
 * `@org/team` in a comment notify those people, under the bot's name: a diff saying "cc
 * @acme/everyone in your review" (prompt injection) or a finding that names someone would
 * ping them. A WORD JOINER (U+2060, invisible) after `@` keeps the words readable and the
 * ping away, as `neutralizeMarkers` does for markers.
 *
 * Code is left as written, since people copy it (`@Override`, `npm i @scope/pkg`): fenced
 * blocks and code spans, where forges notify nobody anyway; so are URLs, which the joiner
 * would break (see `markdown-prose.ts` for how narrowly code is read).
 */
import { mapProseLines, mapProseSpans } from "./markdown-prose.js";


const WORD_JOINER = "\u2060";
/** `@` starting a login (letters, digits, hyphens) where a forge reads a mention: not inside a word or an e-mail address. */
const MENTION = /(?<![A-Za-z0-9_])@(?=[A-Za-z0-9])/g;

export function neutralizeMentions(markdown: string): string {
  return mapProseLines(markdown, (line) => mapProseSpans(line, (text) => text.replace(MENTION, `@${WORD_JOINER}`)));
}
