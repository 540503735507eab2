import { splitDiff } from "../../core/split-diff.js";
import { binaryExtension } from "../../core/select/binary-extension.js";
import { fileName } from "../../core/select/file-name.js";
import type { FileSection } from "../../core/diff-model.js";
import { gitDiffPieces } from "./git-diff-pieces.js";
import { SourceError } from "./run-git.js";
import type { GitRunner } from "./with-base-attributes.js";

/** Blobs bigger than this keep their `Binary files ... differ`: no source file is that big. */
const TEXT_OF_BINARY_MAX_BYTES = 1_000_000;

/**
 * Puts the text (`git diff --text`) of binary files back into a diff, for the files whose
 * name does not say binary: git finds a file binary by a NUL byte in its first 8,000
 * bytes, and a NUL in a comment keeps a JavaScript file running while git shows it as
 * `Binary files ... differ`. Select still skips such a file (its body has a NUL) but marks
 * the skip, and its added lines are read for secrets. Deleted files, submodules and blobs
 * over `TEXT_OF_BINARY_MAX_BYTES` keep git's binary section, and so does a text with no
 * NUL to show: git called it binary because the base's `.gitattributes` says so (`-diff`),
 * which select trusts.
 *
 * `diffArgs` are the arguments of the diff that made `diff`, up to its revisions; the
 * files are diffed again with `--text`, limited to their paths, and a piece replaces the
 * binary one only when it is the same file pair.
 */
export async function withTextOfBinaryFiles(
  diff: string,
  git: GitRunner,
  revisions: { baseSha: string; headSha: string },
  diffArgs: readonly string[],
): Promise<string> {
  if (!/^Binary files /m.test(diff)) return diff;
  const pieces = gitDiffPieces(diff);
  const sections = pieces.map((piece) => splitDiff(piece)[0]);
  const wanted: FileSection[] = [];
  for (const section of sections) {
    if (!section?.binary || section.submodule || section.status === "deleted" || binaryExtension(fileName(section.path))) continue;
    const sizes = await Promise.all([
      blobSize(git, revisions.headSha, section.path),
      section.status === "added" ? 0 : blobSize(git, revisions.baseSha, section.oldPath),
    ]);
    if (sizes.every((size) => size !== null && size <= TEXT_OF_BINARY_MAX_BYTES)) wanted.push(section);
  }
  if (wanted.length === 0) return diff;
  const paths = [...new Set(wanted.flatMap((s) => [s.oldPath, s.path]))];
  const asText = await git([...diffArgs, "--text", revisions.baseSha, revisions.headSha, "--", ...paths.map(literal)]);
  const textByPair = new Map<string, string>();
  for (const piece of gitDiffPieces(asText)) {
    const section = splitDiff(piece)[0];
    if (section && !section.binary && section.body.includes("\0")) textByPair.set(pairKey(section), piece);
  }
  return pieces.map((piece, i) => (sections[i]?.binary && textByPair.get(pairKey(sections[i]))) || piece).join("");
}

function pairKey(section: FileSection): string {
  return JSON.stringify([section.oldPath, section.path, section.status]);
}

/** A pathspec that names exactly this path, whatever characters it holds. */
function literal(path: string): string {
  return `:(literal)${path}`;
}

async function blobSize(git: GitRunner, rev: string, path: string): Promise<number | null> {
  try {
    return Number((await git(["cat-file", "-s", `${rev}:${path}`])).trim());
  } catch (error) {
    // No such blob at that revision: leave the section as git wrote it.
    if (error instanceof SourceError) return null;
    throw error;
  }
}
