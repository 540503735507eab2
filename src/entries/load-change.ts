/**
 * The CLI's input: a diff file (or stdin) when `--diff` is given, else the local git
 * repository's branch against its base; plus the config and `.gitattributes` that go
 * with it.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { DEFAULT_CONFIG_FILE, loadConfig, readConfigFile, type Config, type ConfigInput } from "../config.js";
import { UserError } from "../core/user-error.js";
import { readGitChange, resolveRevisions, runGit, showFile } from "../forges/local/git-source.js";
import { UsageError } from "./usage-error.js";

export interface ChangeInput {
  diff?: string;
  base?: string;
  head?: string;
  repo?: string;
  config?: string;
}

export interface LoadedChange {
  config: Config;
  configSource: string | null;
  diffText: string;
  /** Where the diff came from, for the report: "git <base>..<head>", a file, or stdin. */
  origin: string;
  /** The same, for messages that depend on it (what to do about an empty diff). */
  from: DiffSource;
  baseSha: string | null;
  headSha: string | null;
  title: string;
  description: string;
  author: string | null;
  gitattributes: string | null;
  /** AGENTS.md and .github/copilot-instructions.md, from the base revision when there is one. */
  repositoryInstructions: Array<{ source: string; text: string }>;
}

export type DiffSource =
  | { kind: "git"; baseRef: string; headRef: string; baseSha: string; headSha: string }
  | { kind: "file"; path: string }
  | { kind: "stdin" }
  /** A diff handed over in code (benchmarks, tests). */
  | { kind: "text" };

/** Files in which repositories tell AI reviewers how to review them. */
export const INSTRUCTION_FILES = ["AGENTS.md", ".github/copilot-instructions.md"];

export async function loadChange(
  input: ChangeInput,
  io: { cwd: string; env: NodeJS.ProcessEnv; stdin: Readable },
  overrides: Partial<ConfigInput> = {},
): Promise<LoadedChange> {
  const repoDir = path.resolve(io.cwd, input.repo ?? ".");
  const named = input.config === undefined ? null : await readConfigFile(path.resolve(io.cwd, input.config), true);
  if (input.diff !== undefined) {
    if (input.base !== undefined || input.head !== undefined) {
      throw new UsageError("--diff reads a ready diff; --base and --head apply only without it");
    }
    // A ready diff has no base revision: the folder's files are the user's own choice.
    const repoFiles = await readWorkingTreeFiles(repoDir);
    const file = named ?? (await readConfigFile(path.join(repoFiles.root ?? repoDir, DEFAULT_CONFIG_FILE), false));
    const config = loadConfig({ file, env: io.env, overrides });
    const diffText = input.diff === "-" ? await readStream(io.stdin) : await readDiffFile(path.resolve(io.cwd, input.diff));
    return {
      config,
      configSource: file?.source ?? null,
      diffText,
      origin: input.diff === "-" ? "stdin" : input.diff,
      from: input.diff === "-" ? { kind: "stdin" } : { kind: "file", path: input.diff },
      baseSha: null,
      headSha: null,
      title: "",
      description: "",
      author: null,
      gitattributes: repoFiles.gitattributes,
      repositoryInstructions: repoFiles.repositoryInstructions,
    };
  }
  const revisions = await resolveRevisions({ repoDir, base: input.base, head: input.head });
  // The config as the base has it: a branch must not be able to send the review (and the
  // API key) elsewhere, widen `exclude` or turn on `approve` for itself.
  const baseConfig = await showFile(revisions.repoDir, revisions.baseSha, DEFAULT_CONFIG_FILE);
  const file = named ?? (baseConfig === null ? null : { text: baseConfig, source: `${DEFAULT_CONFIG_FILE} at ${revisions.baseRef}` });
  const config = loadConfig({ file, env: io.env, overrides });
  const change = await readGitChange(revisions, config.context_lines);
  return {
    config,
    configSource: file?.source ?? null,
    diffText: change.diff,
    origin: `git ${change.baseRef} (${change.baseSha.slice(0, 12)})..${change.headSha.slice(0, 12)}`,
    from: { kind: "git", baseRef: change.baseRef, headRef: input.head ?? "HEAD", baseSha: change.baseSha, headSha: change.headSha },
    baseSha: change.baseSha,
    headSha: change.headSha,
    title: change.title,
    description: change.description,
    author: change.author,
    gitattributes: change.gitattributes,
    repositoryInstructions: await readInstructionsAt(change.repoDir, change.baseSha),
  };
}

async function readDiffFile(file: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a folder" : (code ?? String(error));
    throw new UserError(`cannot read diff file ${file}: ${why}`);
  }
}

async function readStream(stream: Readable): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(typeof part === "string" ? Buffer.from(part) : (part as Buffer));
  return Buffer.concat(parts).toString("utf8");
}

/** With `--diff`, the repository is "at hand" only if the folder is one: read its work tree. */
async function readWorkingTreeFiles(
  repoDir: string,
): Promise<Pick<LoadedChange, "gitattributes" | "repositoryInstructions"> & { root: string | null }> {
  const top = await runGit(repoDir, ["rev-parse", "--show-toplevel"]).catch(() => null);
  if (!top || top.code !== 0) return { root: null, gitattributes: null, repositoryInstructions: [] };
  const root = top.stdout.trim();
  const read = (name: string) => readFile(path.join(root, name), "utf8").catch(() => null);
  const instructions = await Promise.all(INSTRUCTION_FILES.map(async (source) => ({ source, text: await read(source) })));
  return {
    root,
    gitattributes: await read(".gitattributes"),
    repositoryInstructions: instructions.filter((i): i is { source: string; text: string } => i.text !== null),
  };
}

/** Instructions as the base has them: a change must not rewrite how it gets reviewed. */
async function readInstructionsAt(repoDir: string, rev: string): Promise<LoadedChange["repositoryInstructions"]> {
  const found: LoadedChange["repositoryInstructions"] = [];
  for (const source of INSTRUCTION_FILES) {
    const text = await showFile(repoDir, rev, source);
    if (text !== null) found.push({ source, text });
  }
  return found;
}
