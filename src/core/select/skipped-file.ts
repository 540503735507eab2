/** Why a file is not sent to the model. The plan and review JSON list these codes. */
export const SKIP_REASONS = [
  "excluded",
  "not-included",
  "lockfile",
  "minified",
  "source-map",
  "generated",
  "vendored",
  "binary",
  "submodule",
  "too-large",
  "deleted",
  "no-content-change",
  "whitespace-only",
] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

export interface SkippedFile {
  path: string;
  reason: SkipReason;
  /** One line for humans, e.g. "lockfile (package-lock.json)". */
  detail: string;
  /**
   * Set when the skip rests on something the change itself decides (a generator marker it
   * adds, its size, the length of its lines) rather than on the file's name, the base's
   * `.gitattributes` or the config: a branch could earn such a skip on purpose, so the
   * file's code counts as unseen and the change is never approved.
   */
  changeControlled?: true;
}
