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

/**
 * The overview of a small change: its one answer's summary, which was written without the
 * secrets the change commits (they are redacted before anything is sent). A summary pass
 * would weigh them; here one sentence first says so, or "Looks good" would sit under
 * "Changes requested" with nothing to explain it.
 */
export function smallChangeOverview(partSummary: string, secretFindings: number): string {
  if (secretFindings === 0) return partSummary;
  const secrets = secretFindings === 1 ? ["a secret", "it", "it"] : [`${secretFindings} secrets`, "them", "them"];
  return (
    `This change commits ${secrets[0]}, listed with the findings. The model never saw ${secrets[1]} ` +
    `(secrets are redacted before anything is sent), so its summary below does not weigh ${secrets[2]}.\n\n${partSummary}`
  );
}
