import { createHash } from "node:crypto";
import type { FileHeader } from "./diff-model.js";
import type { Finding } from "./finding.js";
import { redactText } from "./redact/index.js";

/**
 * The finding for a secret in the path of a file that this change names so (adds, renames
 * or copies there): pushing the name leaks the secret as surely as pushing a line. A path
 * the base already had was leaked before. It sits on the file's line 1, like a comment
 * on the file as a whole, and never quotes the secret.
 */
export function pathSecretFinding(file: Pick<FileHeader, "path" | "status">): Finding | null {
  if (file.status !== "added" && file.status !== "renamed" && file.status !== "copied") return null;
  const kinds = [...new Set(redactText(file.path).redactions.map((r) => r.kind))];
  if (kinds.length === 0) return null;
  return {
    path: file.path,
    line: 1,
    side: "RIGHT",
    severity: "critical",
    source: "secret-scan",
    title: "Secret in a file name",
    body:
      `This file's path holds a secret (${kinds.join(", ")}). Treat it as leaked: revoke or rotate ` +
      `it now, and rename the file. Renaming it in a later commit is not enough: the name stays in the git history.`,
    // One-way, as for secrets on lines: two paths with different secrets are two findings.
    secretId: createHash("sha256").update(JSON.stringify(["ai-review-path-secret-v1", file.path])).digest("hex").slice(0, 16),
  };
}
