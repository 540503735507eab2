/** GitHub's limit for a comment or review body, counted in characters (code points). */
export const GITHUB_BODY_LIMIT = 65_536;

const CUT_NOTE = "\n\n_(cut to fit GitHub's limit)_\n";

/** Code points, as GitHub counts them: an emoji is one character, not two UTF-16 units. */
export function bodyLength(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/** `text` cut (with a note saying so) so that it fits in `limit` characters. */
export function fitGitHubBody(text: string, limit = GITHUB_BODY_LIMIT): string {
  if (bodyLength(text) <= limit) return text;
  const kept = Array.from(text).slice(0, Math.max(0, limit - bodyLength(CUT_NOTE))).join("");
  return `${kept}${CUT_NOTE}`;
}
