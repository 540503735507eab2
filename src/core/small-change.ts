/**
 * A change small enough for one short pass: it fits one request and changes at most
 * `smallChangeLines` lines. Its one answer's summary is the overview: a separate summary
 * pass would cost a second call to say the same.
 */
export function isSmallChange(
  prepared: { chunks: readonly unknown[]; reviewed: ReadonlyArray<{ additions: number; deletions: number }> },
  smallChangeLines: number,
): boolean {
  const changed = prepared.reviewed.reduce((sum, f) => sum + f.additions + f.deletions, 0);
  return prepared.chunks.length === 1 && changed <= smallChangeLines;
}
