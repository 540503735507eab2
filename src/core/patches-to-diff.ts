/**
 * Per-file patches -> one unified diff. The forges' APIs give each file's hunks without
 * headers (GitHub's `patch`, GitLab's `diff`) and the path, status and old path beside them.
 * Writing the headers git would write lets the one diff parser read every source, so line
 * numbers are worked out in one place whatever the forge.
 */
import type { FileStatus } from "./diff-model.js";

export interface FilePatch {
  path: string;
  /** The path before a rename or copy; the same as `path` otherwise. */
  oldPath: string;
  status: FileStatus;
  /** The hunks (from the first `@@` line on); empty for a pure rename or an empty new file. */
  patch: string;
}

export function patchesToDiff(files: readonly FilePatch[]): string {
  return files.map(fileDiff).join("");
}

function fileDiff(file: FilePatch): string {
  const oldName = file.status === "added" ? file.path : file.oldPath;
  const lines = [`diff --git ${quotePath(`a/${oldName}`)} ${quotePath(`b/${file.path}`)}`];
  if (file.status === "added") lines.push("new file mode 100644");
  if (file.status === "deleted") lines.push("deleted file mode 100644");
  if (file.status === "renamed" || file.status === "copied") {
    const verb = file.status === "renamed" ? "rename" : "copy";
    lines.push(`${verb} from ${quotePath(file.oldPath)}`, `${verb} to ${quotePath(file.path)}`);
  }
  const patch = file.patch;
  if (patch !== "") {
    lines.push(
      `--- ${file.status === "added" ? "/dev/null" : headerPath(`a/${oldName}`)}`,
      `+++ ${file.status === "deleted" ? "/dev/null" : headerPath(`b/${file.path}`)}`,
    );
  }
  const body = patch === "" || patch.endsWith("\n") ? patch : `${patch}\n`;
  return `${lines.join("\n")}\n${body}`;
}

/** As git writes a `---`/`+++` path: a tab after a name with a space ends it unambiguously. */
function headerPath(path: string): string {
  const quoted = quotePath(path);
  return quoted === path && path.includes(" ") ? `${path}\t` : quoted;
}

/**
 * C-style quoting as git does it with `core.quotePath` on: control characters, `"`, `\`,
 * DEL and every non-ASCII byte (as octal escapes of its UTF-8 encoding) make a path quoted.
 */
export function quotePath(path: string): string {
  if (!/[\u0000-\u001f"\\\u007f-\uffff]/.test(path)) return path;
  let out = '"';
  for (const byte of Buffer.from(path, "utf8")) {
    const escape = QUOTE_ESCAPES[byte];
    if (escape) out += escape;
    else if (byte < 0x20 || byte >= 0x7f) out += `\\${byte.toString(8).padStart(3, "0")}`;
    else out += String.fromCharCode(byte);
  }
  return `${out}"`;
}

const QUOTE_ESCAPES: Record<number, string> = {
  7: "\\a", 8: "\\b", 9: "\\t", 10: "\\n", 11: "\\v", 12: "\\f", 13: "\\r", 34: '\\"', 92: "\\\\",
};
