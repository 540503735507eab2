import type { CallUsage } from "./call-usage.js";

export type ModelCallFailure =
  | "unauthorized"
  | "forbidden"
  | "not-found"
  | "bad-request"
  /** The request did not fit the model's context window (a 400 that says so). */
  | "context-length"
  | "retry-after-too-long"
  | "retries-exhausted"
  | "aborted";

/**
 * The gateway could not be reached or refused the call. The message names the base URL
 * and the model and says which setting to check; it never contains the API key.
 */
export class ModelCallError extends Error {
  override readonly name = "ModelCallError";
  readonly reason: ModelCallFailure;
  readonly baseURL: string;
  readonly model: string;
  /** HTTP status of the last answer, when there was one. */
  readonly status: number | undefined;
  /** The last attempt got no answer in time: a router may try another model then. */
  readonly timedOut: boolean;
  /** Set by the client when the error leaves the call, so failed calls still show their cost. */
  usage: CallUsage | undefined;

  constructor(
    message: string,
    details: { reason: ModelCallFailure; baseURL: string; model: string; status?: number; timedOut?: boolean; usage?: CallUsage },
  ) {
    super(message);
    this.reason = details.reason;
    this.baseURL = details.baseURL;
    this.model = details.model;
    this.status = details.status;
    this.timedOut = details.timedOut ?? false;
    this.usage = details.usage;
  }
}
