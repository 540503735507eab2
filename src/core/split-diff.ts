import { DiffParseError, type FileSection, type FileStatus } from "./diff-model.js";
import { readHeaderPath, splitDiffGitPaths, stripPrefix } from "./git-path.js";

/**
 * Splits a whole diff (`git diff`, `git format-patch`, or plain `diff -u`) into one section
 * per file: its headers read, its hunk text kept as a string for later parsing. The walk
 * checks every hunk against the line counts of its `@@` header, so a truncated or padded
 * hunk is an error here, before any line number can be wrong. It allocates nothing per
 * hunk line, which is why skipping a file by its headers or size costs almost nothing.
 */
export function splitDiff(input: string): FileSection[] {
  const text = isCrlfDiff(input) ? input.replace(/\r\n/g, "\n") : input;
  const sections: FileSection[] = [];
  let current: Draft | null = null;
  // Hunk state: lines still owed by the current hunk's header.
  let oldLeft = 0;
  let newLeft = 0;
  let hunkHeaderLine = 0;
  let inBinaryPatch = false;
  let lineNo = 0;
  let pos = 0;

  const finish = (endPos: number) => {
    if (!current) return;
    if (oldLeft > 0 || newLeft > 0) {
      throw new DiffParseError(
        `hunk ends early: its header promises ${oldLeft} more old and ${newLeft} more new line(s)`,
        { file: current.path || current.oldPath || undefined, line: hunkHeaderLine },
      );
    }
    sections.push(toSection(current, text, endPos));
    current = null;
    inBinaryPatch = false;
  };

  while (pos < text.length) {
    const nl = text.indexOf("\n", pos);
    const end = nl < 0 ? text.length : nl;
    lineNo += 1;
    const first = text.charCodeAt(pos);

    if (oldLeft > 0 || newLeft > 0) {
      // Inside a hunk: only the marker matters, so no string is made for the line.
      if (first === SPACE || end === pos) {
        oldLeft -= 1;
        newLeft -= 1;
      } else if (first === MINUS) {
        oldLeft -= 1;
        current!.deletions += 1;
      } else if (first === PLUS) {
        newLeft -= 1;
        current!.additions += 1;
      } else if (first !== BACKSLASH) {
        throw new DiffParseError(
          `hunk ends early: expected ${oldLeft} more old and ${newLeft} more new line(s), found ${JSON.stringify(text.slice(pos, Math.min(end, pos + 60)))}`,
          { file: current!.path || current!.oldPath || undefined, line: lineNo },
        );
      }
      if (oldLeft < 0 || newLeft < 0) {
        throw new DiffParseError("hunk has more lines than its header says", {
          file: current!.path || undefined,
          line: lineNo,
        });
      }
      pos = end + 1;
      continue;
    }

    const line = text.slice(pos, end);
    if (line.startsWith("diff --git ")) {
      finish(pos);
      current = newDraft(pos, lineNo);
      const { oldPath, newPath } = splitDiffGitPaths(line.slice(11));
      current.oldPath = stripPrefix(oldPath, "a/");
      current.path = stripPrefix(newPath, "b/");
    } else if (line.startsWith("diff --cc ") || line.startsWith("diff --combined ")) {
      throw new DiffParseError("combined (merge) diffs are not supported; diff against one parent", {
        line: lineNo,
      });
    } else if (inBinaryPatch) {
      // `GIT binary patch` data runs until the next file; it is not text to review.
    } else if (line.startsWith("@@")) {
      const counts = parseHunkHeader(line);
      if (!counts) {
        throw new DiffParseError(`bad hunk header ${JSON.stringify(line.slice(0, 80))}`, { line: lineNo });
      }
      if (!current) current = newDraft(pos, lineNo); // a headerless per-file patch
      if (current.bodyStart < 0) {
        current.bodyStart = pos;
        current.bodyLine = lineNo;
      }
      current.hunks += 1;
      oldLeft = counts.oldLines;
      newLeft = counts.newLines;
      hunkHeaderLine = lineNo;
    } else if (line.startsWith("--- ") && isNextLine(text, end, "+++ ")) {
      // A plain `diff -u` file starts here; in a git diff it belongs to the current header.
      if (!current || current.sawMinus || current.hunks > 0) {
        finish(pos);
        current = newDraft(pos, lineNo);
      }
      current.sawMinus = true;
      const path = readHeaderPath(line.slice(4));
      if (path === "/dev/null") current.status ??= "added";
      else current.oldPath = current.renamed ? current.oldPath : stripPrefix(path, "a/");
    } else if (current && current.sawMinus && line.startsWith("+++ ")) {
      const path = readHeaderPath(line.slice(4));
      if (path === "/dev/null") current.status ??= "deleted";
      else current.path = current.renamed ? current.path : stripPrefix(path, "b/");
    } else if (current && current.bodyStart < 0) {
      readExtendedHeader(current, line);
      if (line.startsWith("GIT binary patch")) inBinaryPatch = true;
    } else if (current && isHunkLike(first) && !(line === "-- " || line === "--")) {
      // Lines after a complete hunk that look like diff lines mean the header undercounted.
      throw new DiffParseError("hunk has more lines than its header says", {
        file: current.path || undefined,
        line: lineNo,
      });
    }
    pos = end + 1;
  }
  finish(text.length);
  // Text before the first file is tolerated (format-patch mail headers, commit messages),
  // but text with no file in it must not pass as "no changes".
  if (sections.length === 0 && /\S/.test(text)) {
    throw new DiffParseError(
      "input is not a unified diff: no `diff --git`, `---`/`+++` or `@@` line found",
      { line: 1 },
    );
  }
  return sections;
}

const SPACE = 32;
const MINUS = 45;
const PLUS = 43;
const BACKSLASH = 92;

interface Draft {
  start: number;
  startLine: number;
  path: string;
  oldPath: string;
  status: FileStatus | undefined;
  binary: boolean;
  submodule: boolean;
  oldMode: string | null;
  newMode: string | null;
  similarity: number | null;
  renamed: boolean;
  sawMinus: boolean;
  bodyStart: number;
  bodyLine: number;
  hunks: number;
  additions: number;
  deletions: number;
}

function newDraft(start: number, startLine: number): Draft {
  return {
    start, startLine, path: "", oldPath: "", status: undefined, binary: false, submodule: false,
    oldMode: null, newMode: null, similarity: null, renamed: false, sawMinus: false,
    bodyStart: -1, bodyLine: startLine, hunks: 0, additions: 0, deletions: 0,
  };
}

function readExtendedHeader(d: Draft, line: string): void {
  let m: RegExpExecArray | null;
  if ((m = /^new file mode (\d+)/.exec(line))) {
    d.status = "added";
    d.newMode = m[1]!;
  } else if ((m = /^deleted file mode (\d+)/.exec(line))) {
    d.status = "deleted";
    d.oldMode = m[1]!;
  } else if ((m = /^old mode (\d+)/.exec(line))) {
    d.oldMode = m[1]!;
  } else if ((m = /^new mode (\d+)/.exec(line))) {
    d.newMode = m[1]!;
  } else if ((m = /^(rename|copy) from (.*)$/.exec(line))) {
    d.status = m[1] === "rename" ? "renamed" : "copied";
    d.renamed = true;
    d.oldPath = readHeaderPath(m[2]!);
  } else if ((m = /^(rename|copy) to (.*)$/.exec(line))) {
    d.renamed = true;
    d.path = readHeaderPath(m[2]!);
  } else if ((m = /^similarity index (\d+)%/.exec(line))) {
    d.similarity = Number(m[1]);
  } else if ((m = /^index [0-9a-fA-F]+\.\.[0-9a-fA-F]+(?: (\d+))?/.exec(line))) {
    if (m[1]) d.oldMode = d.newMode = m[1];
  } else if (line.startsWith("Binary files ") || line.startsWith("GIT binary patch")) {
    d.binary = true;
  }
}

function toSection(d: Draft, text: string, endPos: number): FileSection {
  const path = d.path || d.oldPath;
  const oldPath = d.oldPath || d.path;
  const status: FileStatus = d.status ?? "modified";
  const body = d.bodyStart >= 0 ? text.slice(d.bodyStart, endPos) : "";
  return {
    path: status === "deleted" ? oldPath : path,
    oldPath: status === "added" ? path : oldPath,
    status,
    binary: d.binary,
    submodule: d.oldMode === "160000" || d.newMode === "160000",
    oldMode: d.oldMode,
    newMode: d.newMode,
    similarity: d.similarity,
    additions: d.additions,
    deletions: d.deletions,
    patchBytes: body.length,
    body,
    bodyLine: d.bodyLine,
  };
}

/** `@@ -a[,b] +c[,d] @@`: a count left out means 1. */
export function parseHunkHeader(
  line: string,
): { oldStart: number; oldLines: number; newStart: number; newLines: number } | null {
  const m = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(line);
  if (!m) return null;
  return {
    oldStart: Number(m[1]),
    oldLines: m[2] === undefined ? 1 : Number(m[2]),
    newStart: Number(m[3]),
    newLines: m[4] === undefined ? 1 : Number(m[4]),
  };
}

/** A diff written with CRLF line ends throughout (saved on Windows, pasted from a browser). */
function isCrlfDiff(text: string): boolean {
  const nl = text.indexOf("\n");
  return nl > 0 && text.charCodeAt(nl - 1) === 13 && /^(diff |--- |@@ |From |index )/.test(text);
}

function isNextLine(text: string, end: number, prefix: string): boolean {
  return text.startsWith(prefix, end + 1);
}

function isHunkLike(code: number): boolean {
  return code === SPACE || code === PLUS || code === MINUS;
}
