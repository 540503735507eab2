import { DiffParseError, type FileDiff, type FileStatus } from "./diff-model.js";
import { parseHunks } from "./parse-hunks.js";
import { splitDiff } from "./split-diff.js";

/** Parses a whole diff in full. The pipeline splits first and parses only what it keeps. */
export function parseDiffText(text: string): FileDiff[] {
  return splitDiff(text).map(parseHunks);
}

/** What a forge API gives beside a per-file patch, which has no headers of its own. */
export interface FilePatchMeta {
  path: string;
  oldPath?: string;
  status: FileStatus;
  binary?: boolean;
}

/**
 * Parses one headerless patch (`@@ ...` lines only), as the GitHub and GitLab APIs return
 * per file; the path and status come from the API's fields beside it. An absent patch
 * (binary files, or a file too large for the API to show) gives a file with no hunks.
 */
export function parseFilePatch(patch: string | null | undefined, meta: FilePatchMeta): FileDiff {
  const sections = patch ? withPath(meta.path, () => splitDiff(patch)) : [];
  if (sections.length > 1) {
    throw new DiffParseError(`the patch for one file holds ${sections.length} files`, {
      file: meta.path,
      line: sections[1]!.bodyLine,
    });
  }
  const section = sections[0];
  const hunks = section ? parseHunks({ ...section, path: meta.path }).hunks : [];
  return {
    path: meta.path,
    oldPath: meta.oldPath ?? meta.path,
    status: meta.status,
    // GitLab may send `Binary files a/x and b/x differ` as the diff of a binary file.
    binary: (meta.binary ?? false) || (section?.binary ?? false),
    submodule: false,
    oldMode: null,
    newMode: null,
    similarity: null,
    additions: section?.additions ?? 0,
    deletions: section?.deletions ?? 0,
    patchBytes: section?.patchBytes ?? 0,
    hunks,
  };
}

/** A headerless patch names no file, so its errors take the path the API gave beside it. */
function withPath<T>(path: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (!(error instanceof DiffParseError) || error.where.file) throw error;
    const message = error.message.replace(/ \(at [^()]*\)$/, "");
    throw new DiffParseError(message, { ...error.where, file: path });
  }
}
