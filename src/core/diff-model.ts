/**
 * The diff model: what every other stage reads. A `ChangeSet` is a list of `FileDiff`s;
 * each text file has hunks, and every line of a hunk knows its kind and its line numbers
 * in the old and the new file. Line numbers are 1-based, as the forges count them.
 */
import { UserError } from "./user-error.js";

export type LineKind = "add" | "del" | "context";

export interface DiffLine {
  kind: LineKind;
  /** The line without its leading marker (`+`, `-`, space). A CR of a CRLF file is kept. */
  text: string;
  /** Line number in the old file; null for an added line. */
  oldLine: number | null;
  /** Line number in the new file; null for a deleted line. */
  newLine: number | null;
}

export interface Hunk {
  /** The `@@ -a,b +c,d @@ section` line as written. */
  header: string;
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  lines: DiffLine[];
  /** `\ No newline at end of file` followed the old / new side's last line. */
  oldNoNewlineAtEnd: boolean;
  newNoNewlineAtEnd: boolean;
}

export type FileStatus = "added" | "modified" | "deleted" | "renamed" | "copied";

/** What a file's diff headers say, known before its hunks are read. */
export interface FileHeader {
  /** Path in the new tree (for a deleted file, the path it had). */
  path: string;
  /** Path in the old tree; equals `path` unless renamed or copied. */
  oldPath: string;
  status: FileStatus;
  binary: boolean;
  /** A gitlink (submodule) change: its "lines" are commit ids, not code. */
  submodule: boolean;
  oldMode: string | null;
  newMode: string | null;
  /** Percent similarity of a rename or copy, when git gave it. */
  similarity: number | null;
  additions: number;
  deletions: number;
  /** Bytes of diff text that this file's hunks take (what reading them in full costs). */
  patchBytes: number;
}

/** A file's headers and its still unparsed hunk text: skipping a file costs no parsing. */
export interface FileSection extends FileHeader {
  /** The hunk text (from the first `@@` line on), exactly as in the diff. */
  body: string;
  /** 1-based line of the whole diff where `body` starts, so errors can say where. */
  bodyLine: number;
}

export interface FileDiff extends FileHeader {
  hunks: Hunk[];
}

export interface ChangeSet {
  baseSha: string | null;
  headSha: string | null;
  title: string;
  description: string;
  author: string | null;
  files: FileDiff[];
}

/** Raised for input that is not a diff we can map line by line; `where` says where it broke. */
export class DiffParseError extends UserError {
  constructor(
    message: string,
    readonly where: { file?: string; line?: number },
  ) {
    const at = [where.file && `file ${where.file}`, where.line && `diff line ${where.line}`]
      .filter(Boolean)
      .join(", ");
    super(at ? `${message} (at ${at})` : message);
    this.name = "DiffParseError";
  }
}

export function emptyChangeSet(files: FileDiff[] = []): ChangeSet {
  return { baseSha: null, headSha: null, title: "", description: "", author: null, files };
}
