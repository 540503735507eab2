import type { Verdict } from "../../core/verdict.js";

export type ReviewEvent = "APPROVE" | "REQUEST_CHANGES" | "COMMENT";

export function reviewEvent(verdict: Verdict): ReviewEvent {
  return verdict === "approve" ? "APPROVE" : verdict === "request_changes" ? "REQUEST_CHANGES" : "COMMENT";
}
