import { summaryBody, type MovedComment, type SummaryBodyInput } from "../summary-body.js";
import { GITHUB_BODY_LIMIT } from "./fit-github-body.js";

export type { MovedComment };
export type SummaryCommentInput = SummaryBodyInput;

/** The summary comment on a pull request (`summaryBody`), within GitHub's 65,536 characters. */
export function summaryCommentBody(input: SummaryCommentInput, limit = GITHUB_BODY_LIMIT): string {
  return summaryBody(input, { name: "GitHub", limit });
}
