/**
 * What every queue backend needs to know about a review job, whatever the forge: which
 * change it reviews, how, and what asked for it. Forge-specific jobs (a GitHub pull
 * request, later a GitLab merge request) extend it with their own address. Jobs are plain
 * JSON-serialisable objects, so a Redis-backed queue can store them as they are.
 */

import type { ReviewMode } from "../core/slash-command.js";

export type { ReviewMode };

/** Why a job exists: the change itself moved (opened, pushed, ...) or someone asked (`/review`). */
export interface JobTrigger {
  kind: "event" | "command";
}

export interface QueueJob {
  /**
   * One change, whatever the event: `github:owner/repo#12`, `gitlab:host/project!7`. At most
   * one job of a key runs at a time and at most one waits.
   */
  key: string;
  mode: ReviewMode;
  /** The webhook delivery that created the job, for logs. */
  deliveryId: string;
  trigger: JobTrigger;
}
