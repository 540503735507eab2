/**
 * How a new job for a change combines with the job of that change already waiting, so that
 * a change never has more than one review waiting.
 *
 * - A new event (a push, a reopen) replaces the waiting job: its head is the newer one, and
 *   reviewing the older head first would be wasted model calls.
 * - A command joins the waiting job: that job already reviews the latest head the queue has
 *   heard of, so the command adds nothing but, for `/review full`, its mode.
 *
 * Either way `full` wins over `incremental`: someone asked for a whole review and has not
 * had it yet, and a push does not cancel that request.
 */
import type { QueueJob } from "./queue-job.js";

export type MergeOutcome = "replaced" | "joined";

export function mergeWaitingJob<J extends QueueJob>(waiting: J, incoming: J): { job: J; outcome: MergeOutcome } {
  const mode = waiting.mode === "full" || incoming.mode === "full" ? "full" : "incremental";
  if (incoming.trigger.kind === "command") return { job: { ...waiting, mode }, outcome: "joined" };
  return { job: { ...incoming, mode }, outcome: "replaced" };
}
