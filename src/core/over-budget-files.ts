import type { Chunk } from "./plan.js";

export interface OverBudgetFile {
  path: string;
  reason: "over-budget";
  detail: string;
  /** False when other parts of the file were reviewed: only the lines named in `detail` were not. */
  whole: boolean;
}

/**
 * The files of the parts a budget kept from the model, each once, with what was not
 * reviewed of it: the whole file, or the lines of its parts that were not sent when its
 * other parts were.
 */
export function overBudgetFiles(chunks: readonly Chunk[], notSent: readonly Chunk[], budget: string): OverBudgetFile[] {
  if (notSent.length === 0) return [];
  const unsent = new Set(notSent);
  const sentPaths = new Set(chunks.filter((c) => !unsent.has(c)).flatMap((c) => c.files.map((f) => f.path)));
  const ranges = new Map<string, Array<{ start: number; end: number }>>();
  for (const chunk of notSent) for (const file of chunk.files) ranges.set(file.path, [...(ranges.get(file.path) ?? []), ...file.ranges]);
  const why = `over the review budget of ${budget}`;
  return [...ranges].map(([path, lines]) => {
    const whole = !sentPaths.has(path);
    const shown = lines.map((r) => (r.start === r.end ? `${r.start}` : `${r.start}-${r.end}`)).join(", ");
    const detail = whole
      ? `not reviewed: ${why} (the most important files were sent first)`
      : `lines ${shown || "(some)"} not reviewed: ${why} (the rest of the file was reviewed)`;
    return { path, reason: "over-budget", detail, whole };
  });
}
