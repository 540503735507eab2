/**
 * Reads a change from a local git repository with the `git` binary: the diff of HEAD (or
 * `--head`) against its base, and what the change says about itself.
 */
import { stat } from "node:fs/promises";
import { gitStdout, runGit, SourceError } from "./run-git.js";
import { withTextOfBinaryFiles } from "./text-of-binary-files.js";
import { withBaseAttributes } from "./with-base-attributes.js";

export { runGit, SourceError } from "./run-git.js";

export interface GitChange {
  title: string;
  description: string;
  author: string | null;
  diff: string;
}

async function resolveCommit(repoDir: string, rev: string): Promise<string | null> {
  const result = await runGit(repoDir, ["rev-parse", "--verify", "--quiet", "--end-of-options", `${rev}^{commit}`]);
  return result.code === 0 ? result.stdout.trim() : null;
}

/** Where the change merges into when the user names no base, in the order they are tried. */
const FALLBACK_BASES = ["origin/main", "origin/master", "main", "master"];

/** The branch the change will merge into: the remote's default branch, else main or master. */
async function defaultBase(repoDir: string): Promise<{ ref: string; fromOriginHead: boolean } | null> {
  const originHead = await runGit(repoDir, ["symbolic-ref", "--quiet", "--short", "refs/remotes/origin/HEAD"]);
  if (originHead.code === 0 && (await resolveCommit(repoDir, originHead.stdout.trim()))) {
    return { ref: originHead.stdout.trim(), fromOriginHead: true };
  }
  for (const candidate of FALLBACK_BASES) {
    if (await resolveCommit(repoDir, candidate)) return { ref: candidate, fromOriginHead: false };
  }
  return null;
}

/**
 * Refuses a default base that is the remote copy of the branch under review itself, with
 * nothing new on the branch: origin/HEAD can name the branch a clone was made from (`git
 * clone --branch feature`), and comparing the branch with itself would report "nothing to
 * review" and pass. Only when another base exists to suggest: on the remote's real default
 * branch (main, with nothing committed yet) "nothing to review" is the right answer.
 */
async function refuseOwnBranchAsBase(repoDir: string, headRef: string, baseRef: string): Promise<void> {
  // rev-parse would print `--end-of-options` back; a revision that looks like an option names no branch anyway.
  if (headRef.startsWith("-")) return;
  const full = await runGit(repoDir, ["rev-parse", "--symbolic-full-name", headRef]);
  const branch = full.code === 0 && full.stdout.startsWith("refs/heads/") ? full.stdout.trim().slice("refs/heads/".length) : "";
  if (branch === "" || baseRef !== `origin/${branch}`) return;
  let other: string | null = null;
  for (const candidate of FALLBACK_BASES.filter((c) => c.startsWith("origin/") && c !== baseRef)) {
    if (await resolveCommit(repoDir, candidate)) {
      other = candidate;
      break;
    }
  }
  if (!other) return;
  throw new SourceError(
    `the default base ${baseRef} (where origin/HEAD points) is the remote copy of ${branch}, the branch under review, ` +
      `so there is nothing to compare it with; pass --base with the branch it merges into (--base ${other}, say). ` +
      `origin/HEAD may point there because the clone was made with \`--branch ${branch}\`; \`git remote set-head origin --auto\` points it at the remote's default branch again.`,
  );
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
  const picked = options.base === undefined ? await defaultBase(repoDir) : { ref: options.base, fromOriginHead: false };
  const baseRef = picked?.ref;
  if (!baseRef) {
    throw new SourceError(
      `cannot find the base branch (no origin/HEAD, origin/main, origin/master, main or master); pass --base REV${await shallowHint(repoDir, "main")}`,
    );
  }
  const baseTip = await resolveCommit(repoDir, baseRef);
  if (!baseTip) throw new SourceError(`unknown revision '${baseRef}' for --base${await shallowHint(repoDir, baseRef)}`);
  // Review what the branch adds, not what the base gained since they forked.
  const mergeBase = await runGit(repoDir, ["merge-base", baseTip, headSha]);
  if (mergeBase.code !== 0) {
    // Never fall back to the base's tip: that diff would also undo everything the base
    // gained since the fork, and review a change nobody made.
    if (mergeBase.code !== 1) throw new SourceError(`git merge-base failed: ${mergeBase.stderr.trim()}`);
    throw new SourceError(await noMergeBaseMessage(repoDir, headRef, baseRef));
  }
  const baseSha = mergeBase.stdout.trim();
  if (picked.fromOriginHead && baseSha === headSha) await refuseOwnBranchAsBase(repoDir, headRef, baseRef);
  return { repoDir, baseSha, headSha, baseRef };
}

async function isShallow(repoDir: string): Promise<boolean> {
  const shallow = await runGit(repoDir, ["rev-parse", "--is-shallow-repository"]);
  return shallow.code === 0 && shallow.stdout.trim() === "true";
}

/** A shallow clone often lacks the base branch altogether (CI checkouts fetch one ref). */
async function shallowHint(repoDir: string, baseRef: string): Promise<string> {
  return (await isShallow(repoDir)) ? `. This clone is shallow, so the base may not have been fetched: ${fetchAdvice(baseRef)}` : "";
}

/** How to get the history a shallow clone lacks, here and in the CI systems that clone shallow by default. */
function fetchAdvice(baseRef: string): string {
  // `origin/main` is fetched as `main` from `origin`; another revision is passed as given.
  const branch = baseRef.startsWith("origin/") ? baseRef.slice("origin/".length) : baseRef;
  return (
    `fetch more history with \`git fetch --unshallow\` (or \`git fetch --deepen=100 origin ${branch}\`, deeper until it works). ` +
    "In CI, clone the whole history: on GitHub Actions set `fetch-depth: 0` on `actions/checkout`; " +
    "on GitLab CI set `GIT_DEPTH: 0` under `variables`. Or give a ready diff with --diff FILE."
  );
}

async function noMergeBaseMessage(repoDir: string, headRef: string, baseRef: string): Promise<string> {
  const where = `cannot find where ${headRef} forked from ${baseRef}`;
  if (await isShallow(repoDir)) {
    return `${where}: this clone is shallow (its history is cut off) and does not reach the commit they share; ${fetchAdvice(baseRef)}`;
  }
  return (
    `${where}: they share no history (unrelated histories), so there is no change between them to review. ` +
    "Pass --base with the branch this one grew from, or give a ready diff with --diff FILE."
  );
}

/** A file's text at a revision, or null when it has none there. */
export async function showFile(repoDir: string, rev: string, file: string): Promise<string | null> {
  const shown = await runGit(repoDir, ["show", `${rev}:${file}`]);
  return shown.code === 0 ? shown.stdout : null;
}

/** The diff between the two revisions, and what the head commit says about itself. */
export async function readGitChange(revisions: GitRevisions, contextLines: number): Promise<GitChange> {
  const { repoDir, baseSha, headSha } = revisions;
  // Pin every option that user config could change, so the parser sees git's plain format.
  const diffArgs = [
    "-c", "core.quotePath=true", "-c", "diff.noprefix=false", "-c", "diff.mnemonicPrefix=false",
    "diff", "--no-color", "--no-ext-diff", "--no-textconv", "--find-renames",
    "--src-prefix=a/", "--dst-prefix=b/", `--unified=${contextLines}`,
  ];
  // What is binary is the base's to say, not the change's (see withBaseAttributes).
  const diff = await withBaseAttributes(repoDir, baseSha, async (git) => {
    const plain = await git([...diffArgs, baseSha, headSha, "--"]);
    return await withTextOfBinaryFiles(plain, git, revisions, diffArgs);
  });
  const log = await gitStdout(repoDir, ["log", "-1", "--format=%an <%ae>%x00%s%x00%b", headSha]);
  const [author = "", title = "", description = ""] = log.split("\0");
  return { title, description: description.trim(), author: author || null, diff };
}

/**
 * Every path (old and new sides alike) that changed between `since` and the head, or null
 * when `since` is no ancestor of the head (unknown here, or left behind by a rebase or a
 * force-push): then only a whole review is safe.
 */
export async function pathsChangedSince(repoDir: string, since: string, headSha: string): Promise<Set<string> | null> {
  const sinceSha = await resolveCommit(repoDir, since);
  if (!sinceSha) return null;
  const ancestor = await runGit(repoDir, ["merge-base", "--is-ancestor", sinceSha, headSha]);
  if (ancestor.code === 1) return null;
  if (ancestor.code !== 0) throw new SourceError(`git merge-base --is-ancestor failed: ${ancestor.stderr.trim()}`);
  // Without rename detection both sides of a rename are listed, so either name matches.
  const names = await gitStdout(repoDir, ["diff", "--name-only", "-z", "--no-renames", "--no-ext-diff", sinceSha, headSha, "--"]);
  return new Set(names.split("\0").filter(Boolean));
}
