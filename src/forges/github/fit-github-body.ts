import { fitBody } from "../fit-body.js";

export { bodyLength } from "../fit-body.js";

/** GitHub's limit for a comment or review body, counted in characters (code points). */
export const GITHUB_BODY_LIMIT = 65_536;

/** `text` cut (with a note saying so) so that it fits in `limit` characters. */
export function fitGitHubBody(text: string, limit = GITHUB_BODY_LIMIT): string {
  return fitBody(text, limit, "GitHub");
}
