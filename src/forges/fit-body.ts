/** Code points, as the forges count a body: an emoji is one character, not two UTF-16 units. */
export function bodyLength(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/** `text` cut (with a note naming whose limit it was) so that it fits in `limit` characters. */
export function fitBody(text: string, limit: number, forge: string): string {
  if (bodyLength(text) <= limit) return text;
  const note = `\n\n_(cut to fit ${forge}'s limit)_\n`;
  const kept = Array.from(text).slice(0, Math.max(0, limit - bodyLength(note))).join("");
  return `${kept}${note}`;
}
