/**
 * GitLab's writes that create something (a discussion, the summary note), sent at most once
 * unless looked for first (`writeOnceWith`): gitbeaker resends nothing itself after a server
 * error, and a 5xx, or no answer at all, leaves the outcome unknown.
 */
import { writeOnceWith } from "../write-once.js";
import { gitlabStatus } from "./gitlab-failure.js";

export function writeOnce<T>(write: () => Promise<T>, landed: () => Promise<T | null>): Promise<T> {
  return writeOnceWith(outcomeUnknown, write, landed);
}

function outcomeUnknown(error: unknown): boolean {
  const status = gitlabStatus(error);
  return status === null || status >= 500;
}
