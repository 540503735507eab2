/**
 * Kubernetes Secrets: every value under `data:` (base64) or `stringData:` of a manifest of
 * `kind: Secret` is a secret whatever its key is called (`DATABASE_URL`, `tls.key`,
 * `config.json`). A manifest is read document by document (`---`); `kubectl` writes
 * `data:` before `kind:`, so the kind is looked for in the whole document first. A hunk may
 * start inside `data:`, with no `kind:` in sight: in a file named like a secret manifest,
 * indented entries before any top-level key count as data.
 */
import { judgeAssignment } from "./judge-assignment.js";
import { isPlaceholder } from "./values.js";
import type { Span } from "./spans.js";

const DOCUMENT_START = /^---/;
const SECRET_KIND = /^kind:\s*["']?Secret["']?\s*(?:#.*)?$/;
const TOP_LEVEL_KEY = /^([A-Za-z_][\w-]*):/;
const ENTRY = /^([ \t]+)["']?[\w.-]+["']?:[ \t]*(.*?)[ \t]*$/;
/** A block scalar (`key: |`): the value is the more indented lines that follow. */
const BLOCK_SCALAR = /^[|>][-+]?\d*$/;

export const isSecretManifestPath = (path: string) => /secret[^/]*\.ya?ml$/i.test(path);

/** Spans of the values of Secret entries among `texts`, by line index. */
export function findKubernetesSecretValues(texts: readonly string[], secretByName: boolean): Map<number, Span> {
  const out = new Map<number, Span>();
  let docStart = 0;
  for (let i = 0; i <= texts.length; i++) {
    if (i < texts.length && !DOCUMENT_START.test(texts[i]!)) continue;
    scanDocument(texts, docStart, i, secretByName, out);
    docStart = i + 1;
  }
  return out;
}

function scanDocument(texts: readonly string[], from: number, to: number, secretByName: boolean, out: Map<number, Span>): void {
  let kindSeen = false;
  let isSecret = false;
  for (let i = from; i < to; i++) {
    if (!texts[i]!.startsWith("kind:")) continue;
    kindSeen = true;
    isSecret = SECRET_KIND.test(texts[i]!);
  }
  if (!(isSecret || (!kindSeen && secretByName))) return;
  // Before any top-level key the hunk started inside a mapping: in a Secret, data most likely.
  let inData = true;
  let blockIndent = -1;
  for (let i = from; i < to; i++) {
    const text = texts[i]!;
    const top = TOP_LEVEL_KEY.exec(text);
    if (top) {
      inData = top[1] === "data" || top[1] === "stringData";
      blockIndent = -1;
      continue;
    }
    if (!inData || text.trim() === "" || text.trimStart().startsWith("#")) continue;
    const indent = text.length - text.trimStart().length;
    if (blockIndent >= 0 && indent > blockIndent) {
      mark(out, i, indent, text.trimEnd().length);
      continue;
    }
    blockIndent = -1;
    const entry = ENTRY.exec(text);
    if (!entry) continue;
    let value = entry[2]!;
    if (value === "") continue;
    if (BLOCK_SCALAR.test(value)) {
      blockIndent = entry[1]!.length;
      continue;
    }
    const quote = value[0] === '"' || value[0] === "'" ? value[0] : "";
    if (quote && value.endsWith(quote) && value.length >= 2) value = value.slice(1, -1);
    if (value === "" || isPlaceholder(value)) continue;
    const end = text.trimEnd().length - quote.length;
    mark(out, i, end - value.length, end);
  }
}

function mark(out: Map<number, Span>, i: number, start: number, end: number): void {
  if (start < end) out.set(i, { start, end, kind: "kubernetes-secret", counted: true });
}

/** The cheap test for a `value:` line, before reading lines in pairs. */
export const mayBeNameValuePair = (text: string) => text.includes("value:");

const NAME_LINE = /^\s*-?\s*name:\s*["']?([\w.-]+)["']?\s*$/;
const VALUE_LINE = /^(\s*)value:[ \t]*(["']?)([^\s"']+)\2[ \t]*$/;

/**
 * `- name: JWT_SECRET` then `value: ...` on the next line: how a Deployment (and many CI
 * files) set an environment variable. The name on one line decides about the value on the
 * next, as an assignment on one line would.
 */
export function findNameValuePairs(texts: readonly string[]): Map<number, Span> {
  const out = new Map<number, Span>();
  for (let i = 1; i < texts.length; i++) {
    const value = VALUE_LINE.exec(texts[i]!);
    if (!value) continue;
    const name = NAME_LINE.exec(texts[i - 1]!);
    if (!name) continue;
    const kind = judgeAssignment(
      { name: name[1]!, value: value[3]!, quoted: value[2] !== "", nameQuoted: false, optional: false, operator: ":", before: "", line: texts[i]! },
      "settings",
    );
    const start = texts[i]!.indexOf(value[3]!, value[1]!.length + 6);
    if (kind) out.set(i, { start, end: start + value[3]!.length, kind, counted: true });
  }
  return out;
}
