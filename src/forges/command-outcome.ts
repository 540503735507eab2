/**
 * What answering a `/review` command comes to, the same on every forge: run a review (the
 * 👀 is given), or what was done instead. And the memory a long-running server keeps of the
 * people it told they may not run commands, so that it tells each of them once.
 */
import type { ReviewMode } from "../core/slash-command.js";

/** Review (the eyes reaction is given), or what was done instead, for the log or a notice. */
export type CommandOutcome = { run: true; mode: ReviewMode } | { run: false; why: string };

/** Who was already told they may not run commands; keys name the person and the change. */
export interface RefusedCommenters {
  has(key: string): boolean;
  add(key: string): void;
}
