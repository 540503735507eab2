import { redactText } from "./redact/index.js";

/**
 * A file's path as the model may see it. Paths leave for the model like any other text
 * (headings, instruction lists, the summary pass), and a token pasted into a file name (a
 * download saved as `ghp_....txt`) must not leave with them: a secret in a path is
 * replaced as in a description. Answers that quote the replaced path are mapped back to
 * the file (see `anchorFindings`).
 */
export function promptPath(path: string): string {
  return redactText(path).text;
}
