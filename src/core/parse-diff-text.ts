import type { FileDiff, FileStatus } from "./diff-model.js";
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
  const sections = patch ? splitDiff(patch) : [];
  const section = sections[0];
  const hunks = section ? parseHunks(section).hunks : [];
  return {
    path: meta.path,
    oldPath: meta.oldPath ?? meta.path,
    status: meta.status,
    binary: meta.binary ?? false,
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
