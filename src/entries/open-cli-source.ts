/**
 * The CLI's input as a change source: a diff file (or stdin) when `--diff` is given, else
 * the local git repository's branch against its base; plus the config file named by
 * `--config`, when one is.
 */
import path from "node:path";
import type { Readable } from "node:stream";
import { readConfigFile, type ConfigText } from "../config.js";
import type { ChangeSource } from "../forges/change-source.js";
import { DiffFileSource } from "../forges/local/diff-file-source.js";
import { LocalGitSource } from "../forges/local/local-git-source.js";
import { emptyDiffHint } from "./empty-diff-hint.js";
import { UsageError } from "./usage-error.js";

export interface ChangeInput {
  diff?: string;
  base?: string;
  head?: string;
  repo?: string;
  config?: string;
}

export interface CliSource {
  source: ChangeSource;
  /** The file `--config` names, read; null without the flag (the flow reads the base's). */
  configFile: ConfigText | null;
  /** Why the change has no file to review, and what to do, in the terms of this input. */
  emptyHint: string;
}

export async function openCliSource(input: ChangeInput, io: { cwd: string; stdin: Readable }): Promise<CliSource> {
  const folder = path.resolve(io.cwd, input.repo ?? ".");
  const configFile = input.config === undefined ? null : await readConfigFile(path.resolve(io.cwd, input.config), true);
  if (input.diff !== undefined) {
    if (input.base !== undefined || input.head !== undefined) {
      throw new UsageError("--diff reads a ready diff; --base and --head apply only without it");
    }
    const diffInput =
      input.diff === "-"
        ? ({ kind: "stdin", stream: io.stdin } as const)
        : ({ kind: "file", given: input.diff, path: path.resolve(io.cwd, input.diff) } as const);
    const source = await DiffFileSource.open({ input: diffInput, folder });
    return { source, configFile, emptyHint: emptyDiffHint(diffInput.kind === "stdin" ? diffInput : { kind: "file", path: input.diff }) };
  }
  const source = await LocalGitSource.open({ repoDir: folder, base: input.base, head: input.head });
  const { baseRef, baseSha, headSha } = source.revisions;
  return { source, configFile, emptyHint: emptyDiffHint({ kind: "git", baseRef, headRef: source.headRef, baseSha, headSha }) };
}
