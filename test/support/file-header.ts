import type { FileHeader } from "../../src/core/diff-model.js";

/** The headers of an ordinary modified text file, for tests that build diffs by hand. */
export function modifiedFileHeader(path: string): FileHeader {
  return {
    path,
    oldPath: path,
    status: "modified",
    binary: false,
    submodule: false,
    oldMode: "100644",
    newMode: "100644",
    similarity: null,
    additions: 0,
    deletions: 0,
    patchBytes: 0,
  };
}
