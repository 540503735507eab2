/**
 * The files of a GitLab diff (merge request versions, compare) from a real repository, and
 * the JSON GitLab serves for each: `diff` holds the hunks only (no `diff --git`, `---`/`+++`
 * headers unless `unidiff=true`), empty when the file is collapsed, too large, or has no hunks.
 */
import { changedFiles, type GitRunner } from "../github-server/git-reader.js";

export interface DiffFile {
  oldPath: string;
  newPath: string;
  aMode: string;
  bMode: string;
  newFile: boolean;
  renamedFile: boolean;
  deletedFile: boolean;
  binary: boolean;
  /** The full hunks, "" when there are none (binary, a rename or mode change only). */
  hunks: string;
}

export interface DiffLimits {
  /** A file whose diff is larger (in bytes) is collapsed: `diff` empty, `collapsed: true`. GitLab: 10 KB. */
  collapseBytes: number;
  /** A file whose diff is larger is too large: `diff` empty, `too_large: true`. GitLab: 100 KB. */
  tooLargeBytes: number;
}

export const GITLAB_DIFF_LIMITS: DiffLimits = { collapseBytes: 10 * 1024, tooLargeBytes: 100 * 1024 };

export interface DiffJson {
  old_path: string;
  new_path: string;
  a_mode: string;
  b_mode: string;
  new_file: boolean;
  renamed_file: boolean;
  deleted_file: boolean;
  generated_file: boolean;
  too_large: boolean;
  collapsed: boolean;
  diff: string;
}

/** The files changed on `head` since it forked from `base`, in git's order, renames detected. */
export function readDiffFiles(git: GitRunner, base: string, head: string): DiffFile[] {
  const files = changedFiles(git, base, head, { maxPatchBytes: Number.POSITIVE_INFINITY });
  const mergeBase = git.git("merge-base", base, head).trim();
  const modes = readModes(git.git("diff", "--raw", "-z", "--no-abbrev", "-M", mergeBase, head, "--"));
  if (modes.length !== files.length) throw new Error(`git diff --raw listed ${modes.length} files, git diff -p ${files.length}`);
  return files.map((file, index) => {
    const mode = modes[index]!;
    return {
      oldPath: file.previousPath ?? file.path,
      newPath: file.path,
      aMode: mode.a,
      bMode: mode.b,
      newFile: file.status === "added",
      renamedFile: file.status === "renamed",
      deletedFile: file.status === "removed",
      binary: file.patchOmitted === "binary",
      hunks: file.patch === null ? "" : `${file.patch}\n`,
    };
  });
}

/** `:100644 100755 <sha> <sha> M\0path\0` records; GitLab writes an absent side's mode as "0". */
function readModes(raw: string): { a: string; b: string }[] {
  const fields = raw.split("\0");
  const modes: { a: string; b: string }[] = [];
  let at = 0;
  while (at < fields.length - 1) {
    const [a = "", b = "", , , status = ""] = (fields[at++] ?? "").replace(/^:/, "").split(" ");
    at += status.startsWith("R") || status.startsWith("C") ? 2 : 1;
    modes.push({ a: /^0+$/.test(a) ? "0" : a, b: /^0+$/.test(b) ? "0" : b });
  }
  return modes;
}

/** One entry of `/merge_requests/:iid/diffs` or of `compare`'s `diffs`. Pure. */
export function diffJson(file: DiffFile, limits: DiffLimits, options: { unidiff?: boolean } = {}): DiffJson {
  const size = Buffer.byteLength(file.hunks);
  const tooLarge = size > limits.tooLargeBytes;
  const collapsed = !tooLarge && size > limits.collapseBytes;
  let diff = file.binary ? `Binary files a/${file.oldPath} and b/${file.newPath} differ\n` : file.hunks;
  if (tooLarge || collapsed) diff = "";
  else if (options.unidiff && file.hunks) diff = `--- ${file.newFile ? "/dev/null" : `a/${file.oldPath}`}\n+++ ${file.deletedFile ? "/dev/null" : `b/${file.newPath}`}\n${diff}`;
  return {
    old_path: file.oldPath,
    new_path: file.newPath,
    a_mode: file.aMode,
    b_mode: file.bMode,
    new_file: file.newFile,
    renamed_file: file.renamedFile,
    deleted_file: file.deletedFile,
    generated_file: false,
    too_large: tooLarge,
    collapsed,
    diff,
  };
}
