/**
 * Answers what GitHub computes from git (a pull request's files and patches, a file at a
 * ref, a comparison) from a real repository, with the real `git` binary. Line numbers in
 * the patches are git's own, so a test can write a file, commit it, and know exactly which
 * lines GitHub would let a review comment sit on.
 */
import type { Repo } from "../git-repo.js";

export type GitRunner = Pick<Repo, "git" | "gitBuffer">;

export type FileStatus = "added" | "removed" | "modified" | "renamed" | "copied" | "changed";

export interface ChangedFile {
  path: string;
  previousPath: string | undefined;
  status: FileStatus;
  additions: number;
  deletions: number;
  /** The hunks as GitHub serves them; null when GitHub omits `patch` (binary, too large, no text change). */
  patch: string | null;
  /** Why `patch` is null, for tests that check the adapter reports it. */
  patchOmitted: "binary" | "too-large" | "no-hunks" | undefined;
  blobSha: string;
}

const STATUS: Record<string, FileStatus> = { A: "added", D: "removed", M: "modified", R: "renamed", C: "copied", T: "changed" };
const ZERO_SHA = /^0+$/;

export interface DiffOptions {
  /** Patches longer than this (in bytes) are omitted, as GitHub omits patches of large diffs. */
  maxPatchBytes: number;
}

/**
 * The files changed on `head` since it forked from `base` (GitHub's three-dot diff: against
 * the merge base), in git's order, with renames detected as GitHub does.
 */
export function changedFiles(git: GitRunner, base: string, head: string, options: DiffOptions): ChangedFile[] {
  const mergeBase = git.git("merge-base", base, head).trim();
  const common = ["--no-color", "--no-ext-diff", "--no-textconv", "-M", mergeBase, head];
  const names = git.git("diff", "-z", "--name-status", ...common).split("\0");
  const sections = splitSections(git.git("diff", "-p", "--full-index", ...common));

  const files: ChangedFile[] = [];
  let at = 0;
  while (at < names.length - 1) {
    const code = names[at++] ?? "";
    const letter = code[0] ?? "";
    const status = STATUS[letter];
    if (!status) throw new Error(`git diff --name-status gave an unknown status ${JSON.stringify(code)}`);
    const twoPaths = letter === "R" || letter === "C";
    const previousPath = twoPaths ? names[at++] : undefined;
    const path = names[at++] ?? "";
    const section = sections[files.length];
    if (section === undefined) throw new Error(`git diff gave fewer patch sections than files (at ${path})`);
    files.push(fileFromSection(section, path, previousPath, status, options));
  }
  if (files.length !== sections.length) throw new Error(`git diff gave ${sections.length} patch sections for ${files.length} files`);
  return files;
}

function splitSections(diff: string): string[][] {
  const sections: string[][] = [];
  for (const row of diff.split("\n")) {
    if (row.startsWith("diff --git ")) sections.push([]);
    else sections.at(-1)?.push(row);
  }
  return sections;
}

function fileFromSection(section: string[], path: string, previousPath: string | undefined, status: FileStatus, options: DiffOptions): ChangedFile {
  const index = section.find((row) => row.startsWith("index "));
  const [oldSha = "", newSha = ""] = (index?.slice("index ".length).split(" ")[0] ?? "").split("..");
  const blobSha = ZERO_SHA.test(newSha) ? oldSha : newSha;
  const firstHunk = section.findIndex((row) => row.startsWith("@@"));
  const binary = section.some((row) => row.startsWith("Binary files ") || row === "GIT binary patch");
  const hunkRows = firstHunk < 0 ? [] : section.slice(firstHunk);
  if (hunkRows.at(-1) === "") hunkRows.pop();
  const additions = hunkRows.filter((row) => row.startsWith("+")).length;
  const deletions = hunkRows.filter((row) => row.startsWith("-")).length;
  const patch = hunkRows.join("\n");

  let patchOmitted: ChangedFile["patchOmitted"];
  if (binary) patchOmitted = "binary";
  else if (hunkRows.length === 0) patchOmitted = "no-hunks";
  else if (Buffer.byteLength(patch) > options.maxPatchBytes) patchOmitted = "too-large";
  return { path, previousPath, status, additions, deletions, patch: patchOmitted ? null : patch, patchOmitted, blobSha };
}

/** The full SHA of a commit named by SHA, branch or tag; undefined when the repository does not have it. */
export function resolveCommit(git: GitRunner, ref: string): string | undefined {
  if (ref.startsWith("-")) return undefined;
  try {
    return git.git("rev-parse", "--verify", "--quiet", `${ref}^{commit}`).trim() || undefined;
  } catch (error) {
    // rev-parse --verify exits 1 for an unknown name: that is the answer, not a failure.
    if (exitCode(error) === 1) return undefined;
    throw error;
  }
}

export type TreeEntry = { type: "file"; path: string; sha: string; content: Buffer } | { type: "dir"; path: string; sha: string; entries: { type: "file" | "dir"; path: string; sha: string; size: number }[] };

/** A file or folder at a commit; undefined when the path does not exist there. */
export function readPath(git: GitRunner, commit: string, path: string): TreeEntry | undefined {
  const spec = `${commit}:${path}`;
  let type: string;
  try {
    type = git.git("cat-file", "-t", spec).trim();
  } catch (error) {
    // cat-file -t exits 128 when the path is absent at that commit.
    if (exitCode(error) === 128) return undefined;
    throw error;
  }
  const sha = git.git("rev-parse", spec).trim();
  if (type === "blob") return { type: "file", path, sha, content: git.gitBuffer("cat-file", "blob", sha) };
  if (type !== "tree") return undefined;
  const entries = git
    .git("ls-tree", "-z", "--long", sha)
    .split("\0")
    .filter(Boolean)
    .map((row) => {
      const [meta = "", name = ""] = row.split("\t");
      const [, kind, entrySha = "", size] = meta.split(/\s+/);
      return { type: kind === "tree" ? ("dir" as const) : ("file" as const), path: path ? `${path}/${name}` : name, sha: entrySha, size: Number(size) || 0 };
    });
  return { type: "dir", path, sha, entries };
}

export interface CommitInfo {
  sha: string;
  parents: string[];
  tree: string;
  author: { name: string; email: string; date: string };
  committer: { name: string; email: string; date: string };
  message: string;
}

/** Commits reachable from `head` and not from `base`, oldest first (the order GitHub's compare uses). */
export function commitsBetween(git: GitRunner, base: string, head: string): CommitInfo[] {
  return log(git, ["--reverse", `${base}..${head}`]);
}

export function readCommit(git: GitRunner, sha: string): CommitInfo {
  const [commit] = log(git, ["-1", sha]);
  if (!commit) throw new Error(`git log found no commit ${sha}`);
  return commit;
}

function log(git: GitRunner, args: string[]): CommitInfo[] {
  const format = ["%H", "%P", "%T", "%an", "%ae", "%aI", "%cn", "%ce", "%cI", "%B"].join("%x00") + "%x1e";
  return git
    .git("log", `--format=${format}`, ...args, "--")
    .split("\x1e")
    .map((record) => record.replace(/^\n/, ""))
    .filter(Boolean)
    .map((record) => {
      const [sha = "", parents = "", tree = "", an = "", ae = "", ad = "", cn = "", ce = "", cd = "", message = ""] = record.split("\0");
      return {
        sha,
        parents: parents.split(" ").filter(Boolean),
        tree,
        author: { name: an, email: ae, date: ad },
        committer: { name: cn, email: ce, date: cd },
        message: message.replace(/\n$/, ""),
      };
    });
}

export function mergeBase(git: GitRunner, base: string, head: string): string | undefined {
  try {
    return git.git("merge-base", base, head).trim();
  } catch (error) {
    // Exit 1: no common ancestor, which GitHub answers with 404.
    if (exitCode(error) === 1) return undefined;
    throw error;
  }
}

/** The exit code of a failed git call made through test/support/git-repo.ts (which keeps the child error as `cause`). */
function exitCode(error: unknown): number | undefined {
  const cause = (error as { cause?: { status?: unknown } }).cause;
  return typeof cause?.status === "number" ? cause.status : undefined;
}
