import { DiffParseError, type FileSection, type FileStatus } from "./diff-model.js";
import { readHeaderPath, splitDiffGitPaths, stripPrefix } from "./git-path.js";
import { parseHunkHeader } from "./hunk-header.js";

/**
 * Splits a whole diff (`git diff`, `git format-patch`, or plain `diff -u`) into one section
 * per file: its headers read, its hunk text kept as a string for later parsing. The walk
 * checks every hunk against the line counts of its `@@` header, so a truncated or padded
 * hunk is an error here, before any line number can be wrong. It allocates nothing per
 * hunk line, which is why skipping a file by its headers or size costs almost nothing.
 */
export function splitDiff(input: string): FileSection[] {
  const text = normalizeInput(input);
  const sections: FileSection[] = [];
  let current: Draft | null = null;
  // Hunk state: lines still owed by the current hunk's header.
  let oldLeft = 0;
  let newLeft = 0;
  let hunkHeaderLine = 0;
  let inBinaryPatch = false;
  let lineNo = 0;
  let pos = 0;
  // A malformed `@@` line before the first file may be prose (a commit message); it is
  // the error to report only if no file turns up at all.
  let strayHunkHeader: { line: number; text: string } | null = null;

  const fileOf = (d: Draft | null) => (d && (d.path || d.oldPath)) || undefined;
  const claims = new SideClaims();
  const finish = (endPos: number) => {
    if (!current) return;
    if (oldLeft > 0 || newLeft > 0) {
      throw new DiffParseError(
        `the diff ends inside the hunk at diff line ${hunkHeaderLine}: its header promises ${oldLeft} more old and ${newLeft} more new line(s); the diff looks truncated`,
        { file: fileOf(current), line: hunkHeaderLine },
      );
    }
    const section = toSection(current, text, endPos);
    claims.claim(section, current.startLine);
    sections.push(section);
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
      // An empty line is a context line whose space was lost (editors, mail), as git apply reads it.
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
          `the hunk at diff line ${hunkHeaderLine} ends early: its header promises ${oldLeft} more old and ${newLeft} more new line(s), but the diff goes on with ${JSON.stringify(text.slice(pos, Math.min(end, pos + 60)))}`,
          { file: fileOf(current), line: lineNo },
        );
      }
      if (oldLeft < 0 || newLeft < 0) {
        throw new DiffParseError(
          `the hunk at diff line ${hunkHeaderLine} has more ${oldLeft < 0 ? "old" : "new"} lines than its header says`,
          { file: fileOf(current), line: lineNo },
        );
      }
      pos = end + 1;
      continue;
    }

    const line = text.slice(pos, end);
    if (line.startsWith("diff --git ")) {
      finish(pos);
      current = newDraft(pos, lineNo, true);
      const { oldPath, newPath } = readPaths(() => splitDiffGitPaths(line.slice(11)), lineNo);
      current.oldPath = stripPrefix(oldPath, "a/");
      current.path = stripPrefix(newPath, "b/");
    } else if (line.startsWith("diff --cc ") || line.startsWith("diff --combined ")) {
      throw new DiffParseError("combined (merge) diffs are not supported; diff against one parent", {
        line: lineNo,
      });
    } else if (inBinaryPatch) {
      // `GIT binary patch` data runs until the next file; it is not text to review.
    } else if (COMMIT_START.test(line)) {
      // Each commit's diff counts its lines from that commit's parent, so a series read as
      // one change would give the same file twice with clashing line numbers.
      if (current || sections.length > 0) {
        throw new DiffParseError(
          "the input holds more than one commit (a `git format-patch` series or `git log -p`); diff the whole range at once with `git diff <base> <head>`, or give one commit at a time",
          { line: lineNo },
        );
      }
    } else if (line.startsWith("@@")) {
      const counts = parseHunkHeader(line);
      if (!counts || (counts.oldLines === 0 && counts.newLines === 0)) {
        if (!current && sections.length === 0) {
          strayHunkHeader ??= { line: lineNo, text: line };
        } else {
          throw new DiffParseError(badHunkHeader(line), { file: fileOf(current), line: lineNo });
        }
      } else {
        if (!current) current = newDraft(pos, lineNo, false); // a headerless per-file patch
        if (current.bodyStart < 0) {
          current.bodyStart = pos;
          current.bodyLine = lineNo;
        }
        if (current.hunks > 0 && (counts.oldStart < current.oldEnd || counts.newStart < current.newEnd)) {
          // Overlapping or reordered hunks would map two diff lines to one file line.
          throw new DiffParseError(
            `hunk ${line.split(" @@")[0]} @@ overlaps the previous hunk or comes before it; hunks must follow each other down the file`,
            { file: fileOf(current), line: lineNo },
          );
        }
        current.oldEnd = counts.oldStart + counts.oldLines;
        current.newEnd = counts.newStart + counts.newLines;
        current.hunks += 1;
        oldLeft = counts.oldLines;
        newLeft = counts.newLines;
        hunkHeaderLine = lineNo;
      }
    } else if (line.startsWith("--- ") && isNextLine(text, end, "+++ ")) {
      // A plain `diff -u` file starts here; in a git diff it belongs to the current header.
      if (!current || current.sawMinus || current.hunks > 0) {
        finish(pos);
        current = newDraft(pos, lineNo, false);
      }
      current.sawMinus = true;
      const raw = line.slice(4);
      const path = readPaths(() => readHeaderPath(raw), lineNo);
      if (isAbsentSide(raw, path)) current.status ??= "added";
      else if (!current.renamed) current.oldPath = stripPrefix(path, "a/");
    } else if (current && current.sawMinus && current.hunks === 0 && line.startsWith("+++ ")) {
      const raw = line.slice(4);
      const path = readPaths(() => readHeaderPath(raw), lineNo);
      if (isAbsentSide(raw, path)) current.status ??= "deleted";
      else if (!current.renamed) current.path = stripPrefix(path, "b/");
    } else if (current && current.git && current.bodyStart < 0) {
      readPaths(() => readExtendedHeader(current!, line), lineNo);
      if (line.startsWith("GIT binary patch")) inBinaryPatch = true;
    } else if (line.startsWith("Binary files ") && line.endsWith(" differ")) {
      // `diff -r` on binary files: one line, no `---`/`+++` headers.
      finish(pos);
      current = newDraft(pos, lineNo, false);
      readPlainBinary(current, line.slice(13, -7));
      finish(end);
    } else if (PLAIN_FILE_BOUNDARY.test(line)) {
      // `diff -ru`'s command line, `Only in`, svn's `Index:`: the previous file ends here,
      // so its body does not carry them.
      finish(pos);
    } else if (current && current.hunks > 0 && MAIL_END.test(line) && !continuesHunk(text, end)) {
      // The signature that ends `git format-patch` output, or a MIME boundary (`--attach`).
      finish(pos);
    } else if (current && isHunkLike(first)) {
      throw new DiffParseError(
        current.hunks > 0
          ? `the hunk at diff line ${hunkHeaderLine} has more lines than its header says`
          : "diff line outside any hunk (no `@@` header before it)",
        { file: fileOf(current), line: lineNo },
      );
    }
    pos = end + 1;
  }
  finish(text.length);
  // Text before the first file is tolerated (format-patch mail headers, commit messages),
  // but text with no file in it must not pass as "no changes".
  if (sections.length === 0 && strayHunkHeader) {
    throw new DiffParseError(badHunkHeader(strayHunkHeader.text), { line: strayHunkHeader.line });
  }
  if (sections.length === 0 && /\S/.test(text)) {
    throw new DiffParseError(
      "the input is not a unified diff: no `diff --git`, `---`/`+++` or `@@` line found",
      { line: 1 },
    );
  }
  return sections;
}

/**
 * Which file sides the diff has shown so far, so that a file shown twice is refused: two
 * diffs joined together (`git log -p --format=`, or two `git diff` outputs in one file)
 * count each file's lines from a different revision, and read as one change their line
 * numbers would be wrong. A path may still appear twice when each time is a different side:
 * git writes a file that changed type (a file becoming a symlink) as a deletion and an
 * addition, and a rename's old path may be added again. A copy leaves its source in place,
 * so it claims only its new path.
 */
class SideClaims {
  readonly #lines = new Map<string, number>();

  claim(section: FileSection, line: number): void {
    for (const [side, path] of sidesOf(section)) {
      if (path === "") continue; // a headerless patch names no file
      const key = `${side}\0${path}`;
      const earlier = this.#lines.get(key);
      if (earlier !== undefined) {
        throw new DiffParseError(
          `${path} appears twice in the diff (first at diff line ${earlier}); the input looks like several diffs joined together (\`git log -p\`, or two diffs in one file), whose line numbers do not add up. Give one diff between two revisions: \`git diff BASE HEAD\``,
          { file: path, line },
        );
      }
      this.#lines.set(key, line);
    }
  }
}

function sidesOf(section: FileSection): Array<["old" | "new", string]> {
  switch (section.status) {
    case "added":
    case "copied":
      return [["new", section.path]];
    case "deleted":
      return [["old", section.oldPath]];
    default:
      return [["old", section.oldPath], ["new", section.path]];
  }
}

// `git format-patch`'s mbox separator and `git log -p`/`git show`'s commit line.
const COMMIT_START = /^(From [0-9a-f]{40} |commit [0-9a-f]{40}(\s|$))/;
const PLAIN_FILE_BOUNDARY = /^(diff |Only in |Index: )/;
const MAIL_END = /^--( $|[-\w.=]*$)/;

function badHunkHeader(line: string): string {
  return `bad hunk header ${JSON.stringify(line.slice(0, 80))}: expected "@@ -<old start>,<old count> +<new start>,<new count> @@"`;
}

/** Path syntax errors (a broken quote or escape) become parse errors that say where. */
function readPaths<T>(read: () => T, line: number): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof DiffParseError) throw error;
    throw new DiffParseError((error as Error).message, { line });
  }
}

const SPACE = 32;
const MINUS = 45;
const PLUS = 43;
const BACKSLASH = 92;
const AT = 64;

interface Draft {
  start: number;
  /** Started by `diff --git`, so the lines before the first hunk are git's extended headers. */
  git: boolean;
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
  /** First line after the last hunk on each side, to refuse overlapping hunks. */
  oldEnd: number;
  newEnd: number;
  additions: number;
  deletions: number;
}

function newDraft(start: number, startLine: number, git: boolean): Draft {
  return {
    start, startLine, git, path: "", oldPath: "", status: undefined, binary: false, submodule: false,
    oldMode: null, newMode: null, similarity: null, renamed: false, sawMinus: false,
    bodyStart: -1, bodyLine: startLine, hunks: 0, oldEnd: 0, newEnd: 0, additions: 0, deletions: 0,
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

/**
 * Drops a byte order mark, and the line ends of a diff written with CRLF throughout (saved
 * on Windows, sent through a mail client). Git ends its own header lines with a bare LF
 * whatever the files hold, so a first line ending in CRLF means the diff was converted;
 * the CR of a CRLF file's lines survives, as "\r\r\n" becomes "\r\n".
 */
function normalizeInput(input: string): string {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const nl = text.indexOf("\n");
  return nl > 0 && text.charCodeAt(nl - 1) === 13 ? text.replace(/\r\n/g, "\n") : text;
}

/**
 * A `---`/`+++` side that names no file: `/dev/null`, or (GNU `diff -N`, and as git apply
 * reads it) a timestamp at the Unix epoch in any time zone.
 */
function isAbsentSide(raw: string, path: string): boolean {
  if (path === "/dev/null") return true;
  const tab = raw.indexOf("\t");
  if (tab < 0 || raw.startsWith('"')) return false;
  const m = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.0+)? ([-+])(\d\d)(\d\d)$/.exec(raw.slice(tab + 1));
  if (!m) return false;
  const local = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
  const offset = (m[7] === "-" ? -1 : 1) * (+m[8]! * 60 + +m[9]!) * 60_000;
  return local - offset === 0;
}

/** `a/x and b/x` of a plain `Binary files a/x and b/x differ` line. */
function readPlainBinary(d: Draft, paths: string): void {
  d.binary = true;
  let oldPath: string;
  let newPath: string;
  if (paths.startsWith("/dev/null and ")) {
    oldPath = "/dev/null";
    newPath = paths.slice(14);
    d.status = "added";
  } else if (paths.endsWith(" and /dev/null")) {
    oldPath = paths.slice(0, -14);
    newPath = "/dev/null";
    d.status = "deleted";
  } else {
    // " and " may sit in a path too: the split into two paths equal after their first
    // folder (`a/x and b/x`, `old/x and new/x`) wins, else the first one.
    const first = paths.indexOf(" and ");
    let at = first;
    while (at >= 0 && !sameBelowTop(paths.slice(0, at), paths.slice(at + 5))) at = paths.indexOf(" and ", at + 1);
    if (at < 0) at = first;
    oldPath = at < 0 ? paths : paths.slice(0, at);
    newPath = at < 0 ? paths : paths.slice(at + 5);
  }
  d.oldPath = stripPrefix(oldPath, "a/");
  d.path = stripPrefix(newPath, "b/");
}

function sameBelowTop(a: string, b: string): boolean {
  return a.slice(a.indexOf("/") + 1) === b.slice(b.indexOf("/") + 1);
}

function isNextLine(text: string, end: number, prefix: string): boolean {
  return text.startsWith(prefix, end + 1);
}

/** The line after `end` reads like more of a hunk (so a `-- ` before it is a deleted line). */
function continuesHunk(text: string, end: number): boolean {
  const next = text.charCodeAt(end + 1);
  return isHunkLike(next) || next === BACKSLASH || next === AT;
}

function isHunkLike(code: number): boolean {
  return code === SPACE || code === PLUS || code === MINUS;
}
