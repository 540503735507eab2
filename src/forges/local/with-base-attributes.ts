import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { gitStdout } from "./run-git.js";

/** Runs one git command (global options and all) and gives its standard output. */
export type GitRunner = (args: string[]) => Promise<string>;

/**
 * Runs `use` with a git that reads attributes from the base's `.gitattributes` files only.
 *
 * Git decides which files a diff shows as `Binary files ... differ` from their bytes and
 * from the `diff` attribute, which it reads from the `.gitattributes` files of the work
 * tree: the checked-out branch, that is the change under review. A branch could write
 * `util.js -diff` beside its own code to keep that code from the model. So git runs here
 * in a scratch work tree holding only the base's `.gitattributes` files (git 2.40's
 * `--attr-source` says the same, but older gits are common on CI images). The repository's
 * `info/attributes` and the user's `core.attributesFile` still apply: they are not the
 * change's.
 */
export async function withBaseAttributes<T>(repoDir: string, baseSha: string, use: (git: GitRunner) => Promise<T>): Promise<T> {
  const gitDir = (await gitStdout(repoDir, ["rev-parse", "--absolute-git-dir"])).trim();
  const scratch = await mkdtemp(path.join(tmpdir(), "ai-review-attributes-"));
  try {
    const listing = await gitStdout(repoDir, ["ls-tree", "-r", "-z", "--full-tree", baseSha]);
    for (const entry of listing.split("\0")) {
      // Regular files only: git itself does not follow a symbolic link named .gitattributes.
      const m = /^100(?:644|755) blob ([0-9a-f]+)\t([\s\S]+)$/.exec(entry);
      if (!m || !isAttributesFile(m[2]!)) continue;
      const target = path.join(scratch, ...m[2]!.split("/"));
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, await gitStdout(repoDir, ["cat-file", "blob", m[1]!]));
    }
    return await use((args) => gitStdout(scratch, [`--git-dir=${gitDir}`, `--work-tree=${scratch}`, ...args]));
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** A `.gitattributes` at a tree path that stays inside the scratch folder. */
function isAttributesFile(treePath: string): boolean {
  const segments = treePath.split("/");
  return segments.at(-1) === ".gitattributes" && segments.every((s) => s !== "" && s !== "." && s !== "..");
}
