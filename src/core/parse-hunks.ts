import parseDiff from "parse-diff";
import {
  DiffParseError,
  type DiffLine,
  type FileDiff,
  type FileSection,
  type Hunk,
} from "./diff-model.js";
import { parseHunkHeader } from "./hunk-header.js";

const NO_NEWLINE = "\\";
/** A `\` line in another wording: GNU diff translates the marker (git never does). */
const TRANSLATED_MARKER = /^\\(?! No newline at end of file$)/m;
const TRANSLATED_MARKERS = /^\\(?! No newline at end of file$).*$/gm;

/**
 * Reads a section's hunks into lines with their old and new line numbers, using
 * parse-diff. Its known traps are closed here: `\ No newline at end of file` comes
 * back as a copy of the previous change (it becomes a flag, never a line), a translated
 * marker would come back as a context line (it is put in English first), and it trusts
 * whatever follows a hunk (the section was already checked against the headers' counts
 * by `splitDiff`, and the counts are checked again below).
 */
export function parseHunks(section: FileSection): FileDiff {
  const { body, bodyLine, ...header } = section;
  if (body === "") return { ...header, hunks: [] };
  // parse-diff knows the marker only in English and reads any other wording as a context line.
  const parsed = parseDiff(
    TRANSLATED_MARKER.test(body) ? body.replace(TRANSLATED_MARKERS, "\\ No newline at end of file") : body,
  );
  const chunks = parsed.flatMap((file) => file.chunks);
  const hunks: Hunk[] = [];
  for (const chunk of chunks) {
    const counts = parseHunkHeader(chunk.content);
    if (!counts) {
      throw new DiffParseError(`bad hunk header ${JSON.stringify(chunk.content)}`, {
        file: section.path,
        line: bodyLine,
      });
    }
    const hunk: Hunk = {
      header: chunk.content,
      ...counts,
      lines: [],
      oldNoNewlineAtEnd: false,
      newNoNewlineAtEnd: false,
    };
    let oldSeen = 0;
    let newSeen = 0;
    for (const change of chunk.changes) {
      const content = change.content;
      if (content.startsWith(NO_NEWLINE)) {
        const last = hunk.lines[hunk.lines.length - 1];
        if (last?.kind !== "add") hunk.oldNoNewlineAtEnd = true;
        if (last?.kind !== "del") hunk.newNoNewlineAtEnd = true;
        continue;
      }
      const text = content.slice(1);
      let line: DiffLine;
      if (change.type === "add") {
        line = { kind: "add", text, oldLine: null, newLine: change.ln };
        newSeen += 1;
      } else if (change.type === "del") {
        line = { kind: "del", text, oldLine: change.ln, newLine: null };
        oldSeen += 1;
      } else {
        line = { kind: "context", text, oldLine: change.ln1, newLine: change.ln2 };
        oldSeen += 1;
        newSeen += 1;
      }
      hunk.lines.push(line);
    }
    if (oldSeen !== hunk.oldLines || newSeen !== hunk.newLines) {
      throw new DiffParseError(
        `hunk ${hunk.header} holds ${oldSeen} old and ${newSeen} new lines, its header says ${hunk.oldLines} and ${hunk.newLines}`,
        { file: section.path, line: bodyLine },
      );
    }
    hunks.push(hunk);
  }
  return { ...header, hunks };
}
