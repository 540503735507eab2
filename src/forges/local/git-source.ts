/**
 * Reads a change from a local git repository with the `git` binary: the diff of HEAD (or
 * `--head`) against its base, and what the change says about itself.
 */
import { spawn } from "node:child_process";
import { stat } from "node:fs/promises";
import { UserError } from "../../core/user-error.js";

/** A problem the user fixes (wrong folder, unknown revision): exit code 2, no stack trace. */
export class SourceError extends UserError {
  override name = "SourceError";
}

export interface GitChange extends GitRevisions {
  title: string;
  description: string;
  author: string | null;
  diff: string;
  /** `.gitattributes` at the base revision, when there is one. */
  gitattributes: string | null;
}

export async function runGit(cwd: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return await new Promise((resolve, reject) => {
    const child = spawn("git", args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    child.on("error", (error) =>
      reject(new SourceError(`cannot run git (${(error as NodeJS.ErrnoException).code ?? error.message}): is git installed and on PATH?`)),
    );
    child.on("close", (code) =>
      resolve({ code: code ?? 1, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") }),
    );
  });
}

async function git(cwd: string, args: string[]): Promise<string> {
  const result = await runGit(cwd, args);
  if (result.code !== 0) throw new SourceError(`git ${args[0]} failed: ${result.stderr.trim()}`);
  return result.stdout;
}

async function resolveCommit(repoDir: string, rev: string): Promise<string | null> {
  const result = await runGit(repoDir, ["rev-parse", "--verify", "--quiet", "--end-of-options", `${rev}^{commit}`]);
  return result.code === 0 ? result.stdout.trim() : null;
}

/** The branch the change will merge into: the remote's default branch, else main or master. */
async function defaultBase(repoDir: string): Promise<string | null> {
  const originHead = await runGit(repoDir, ["symbolic-ref", "--quiet", "--short", "refs/remotes/origin/HEAD"]);
  const candidates = [originHead.code === 0 ? originHead.stdout.trim() : "", "origin/main", "origin/master", "main", "master"];
  for (const candidate of candidates) {
    if (candidate && (await resolveCommit(repoDir, candidate))) return candidate;
  }
  return null;
}

/** The two commits a change is between, resolved once so every read sees the same ones. */
export interface GitRevisions {
  repoDir: string;
  baseSha: string;
  headSha: string;
  /** What `--base` resolved from, for messages: "origin/main", "main", or the user's rev. */
  baseRef: string;
}

export async function resolveRevisions(options: { repoDir: string; base?: string; head?: string }): Promise<GitRevisions> {
  const folder = await stat(options.repoDir).catch(() => null);
  if (!folder?.isDirectory()) throw new SourceError(`${options.repoDir} is not a folder; pass --repo DIR of a git repository`);
  const top = await runGit(options.repoDir, ["rev-parse", "--show-toplevel"]);
  if (top.code !== 0) {
    throw new SourceError(`${options.repoDir} is not a git repository; run inside one, pass --repo DIR, or give a diff with --diff FILE`);
  }
  const repoDir = top.stdout.trim();
  const headRef = options.head ?? "HEAD";
  const headSha = await resolveCommit(repoDir, headRef);
  if (!headSha) throw new SourceError(`unknown revision '${headRef}' for --head (the repository may have no commits yet)`);
  const baseRef = options.base ?? (await defaultBase(repoDir));
  if (!baseRef) {
    throw new SourceError("cannot find the base branch (no origin/HEAD, origin/main, origin/master, main or master); pass --base REV");
  }
  const baseTip = await resolveCommit(repoDir, baseRef);
  if (!baseTip) throw new SourceError(`unknown revision '${baseRef}' for --base`);
  // Review what the branch adds, not what the base gained since they forked.
  const mergeBase = await runGit(repoDir, ["merge-base", baseTip, headSha]);
  const baseSha = mergeBase.code === 0 ? mergeBase.stdout.trim() : baseTip;
  return { repoDir, baseSha, headSha, baseRef };
}

/** A file's text at a revision, or null when it has none there. */
export async function showFile(repoDir: string, rev: string, file: string): Promise<string | null> {
  const shown = await runGit(repoDir, ["show", `${rev}:${file}`]);
  return shown.code === 0 ? shown.stdout : null;
}

export async function readGitChange(revisions: GitRevisions, contextLines: number): Promise<GitChange> {
  const { repoDir, baseSha, headSha } = revisions;
  // Pin every option that user config could change, so the parser sees git's plain format.
  const diff = await git(repoDir, [
    "-c", "core.quotePath=true", "-c", "diff.noprefix=false", "-c", "diff.mnemonicPrefix=false",
    "diff", "--no-color", "--no-ext-diff", "--no-textconv", "--find-renames",
    "--src-prefix=a/", "--dst-prefix=b/", `--unified=${contextLines}`, baseSha, headSha, "--",
  ]);
  const log = await git(repoDir, ["log", "-1", "--format=%an <%ae>%x00%s%x00%b", headSha]);
  const [author = "", title = "", description = ""] = log.split("\0");
  return {
    ...revisions,
    title,
    description: description.trim(),
    author: author || null,
    diff,
    // From the base: a change must not be able to hide its own files by marking them generated.
    gitattributes: await showFile(repoDir, baseSha, ".gitattributes"),
  };
}
