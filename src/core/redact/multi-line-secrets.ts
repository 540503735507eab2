/**
 * Secrets that span lines: private key blocks (with or without their marker lines in
 * sight) and the values of Kubernetes Secrets. They are found in a sequence of consecutive
 * lines of one file, then merged into the per-line spans.
 */
import { isCertificatePath, isKeyFilePath, isYamlPath } from "./file-flavour.js";
import { findKeyBlocks, findKeyBodyRuns, mayBeKeyBodyLine, type BlockIds } from "./key-blocks.js";
import { findKubernetesSecretValues, findNameValuePairs, isSecretManifestPath, mayBeNameValuePair } from "./kubernetes-secrets.js";
import { KEY_LABEL } from "./prefilter.js";
import { addSpan, type Span } from "./spans.js";

/** Whether a file may hold a secret that spans lines, from its path alone. */
export const mayHoldMultiLineSecretByPath = (path: string | null) => path !== null && isYamlPath(path);

/** Whether this line may belong to a secret that spans lines. */
export const mayStartMultiLineSecret = (text: string) => text.includes(KEY_LABEL) || mayBeKeyBodyLine(text);

/** The multi-line secrets among `texts` (consecutive lines of a file at `path`, if known). */
export function findMultiLineSecrets(texts: readonly string[], path: string | null, blockId: BlockIds): Map<number, Span> {
  const out = texts.some((text) => text.includes(KEY_LABEL)) ? findKeyBlocks(texts, blockId) : new Map<number, Span>();
  if ((path === null || !isCertificatePath(path)) && texts.some(mayBeKeyBodyLine)) {
    findKeyBodyRuns(texts, path !== null && isKeyFilePath(path), out, blockId);
  }
  // Free text has no path: a Secret manifest pasted there says what it is, and so does an
  // environment variable set as `- name: ...` then `value: ...`.
  const yaml = path !== null && isYamlPath(path);
  const secrets =
    yaml || (path === null && texts.some((text) => text.startsWith("kind:")))
      ? findKubernetesSecretValues(texts, path !== null && isSecretManifestPath(path))
      : null;
  const pairs = yaml || (path === null && texts.some(mayBeNameValuePair)) ? findNameValuePairs(texts) : null;
  for (const [i, span] of [...(secrets ?? []), ...(pairs ?? [])]) if (!out.has(i)) out.set(i, span);
  return out;
}

/** A multi-line secret's span first, then the line's other spans that do not overlap it. */
export function mergeMultiLineSpan(first: Span, others: readonly Span[] | null | undefined): Span[] {
  const merged = [first];
  for (const span of others ?? []) addSpan(merged, span);
  return merged;
}
