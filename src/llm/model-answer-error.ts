import type { CallUsage } from "./call-usage.js";

/**
 * The model answered, but not with valid JSON of the expected shape, even after one repair
 * request. Carries what was wrong and the start of the raw answer so the review summary
 * can show why a chunk went unreviewed.
 */
export class ModelAnswerError extends Error {
  override readonly name = "ModelAnswerError";
  readonly baseURL: string;
  readonly model: string;
  /** What was wrong with the last answer (parse or validation error). */
  readonly problem: string;
  /** The start of the last raw answer. */
  readonly excerpt: string;
  readonly usage: CallUsage;

  constructor(
    message: string,
    details: { baseURL: string; model: string; problem: string; excerpt: string; usage: CallUsage },
  ) {
    super(message);
    this.baseURL = details.baseURL;
    this.model = details.model;
    this.problem = details.problem;
    this.excerpt = details.excerpt;
    this.usage = details.usage;
  }
}
