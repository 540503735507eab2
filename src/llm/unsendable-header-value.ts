/**
 * Why a value cannot go into an HTTP header, or null when it can. fetch throws on a line
 * break or NUL inside a value (leading and trailing whitespace it strips) and on characters
 * past U+00FF, and its error quotes the whole value: a key pasted with a line break in the
 * middle would be printed in the log and the review's summary. So values are checked before
 * any request, and the reason never shows the value.
 */
export function unsendableHeaderValue(value: string): string | null {
  const inner = value.trim();
  if (/[\r\n]/.test(inner)) return "holds a line break";
  if (inner.includes("\0")) return "holds a NUL character";
  if (/[^\u0000-\u00ff]/.test(inner)) return "holds a character that cannot be sent in an HTTP header (past U+00FF)";
  return null;
}
