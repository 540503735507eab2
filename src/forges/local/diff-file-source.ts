/**
 * A ready diff (a file, or standard input) as a change source. A diff has no base
 * revision to read files at, so `readBaseFile` reads the folder the user pointed at: the
 * top of its git work tree when it is in one, else the folder itself. The folder's files
 * are the user's own choice here; no branch can slip its own config into them.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { UserError } from "../../core/user-error.js";
import type { Change, ChangeSource } from "../change-source.js";
import { runGit } from "./run-git.js";

/** Where the diff comes from: a file (its path as the user gave it, and resolved) or a stream. */
export type DiffInput = { kind: "file"; given: string; path: string } | { kind: "stdin"; stream: Readable };

export class DiffFileSource implements ChangeSource {
  readonly origin: string;
  private text: Promise<string> | null = null;

  private constructor(
    readonly input: DiffInput,
    /** The top of the work tree holding the folder, or the folder itself outside git. */
    readonly root: string,
  ) {
    this.origin = input.kind === "stdin" ? "stdin" : input.given;
  }

  static async open(options: { input: DiffInput; folder: string }): Promise<DiffFileSource> {
    return new DiffFileSource(options.input, await workTreeRoot(options.folder));
  }

  describeBaseFile(file: string): string {
    return path.join(this.root, file);
  }

  async readBaseFile(file: string): Promise<string | null> {
    const full = path.join(this.root, file);
    try {
      return await readFile(full, "utf8");
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // Absent is normal (no config, no AGENTS.md); unreadable is the user's to fix.
      if (code === "ENOENT" || code === "ENOTDIR") return null;
      throw new UserError(`cannot read ${full}: ${code ?? String(error)}`);
    }
  }

  async readChange(): Promise<Change> {
    const diffText = await (this.text ??= this.readDiff());
    return {
      origin: this.origin,
      baseSha: null,
      headSha: null,
      title: "",
      description: "",
      author: null,
      diffText,
      forgeSkipped: [],
      incremental: null,
    };
  }

  private async readDiff(): Promise<string> {
    if (this.input.kind === "stdin") return await readStream(this.input.stream);
    const file = this.input.path;
    try {
      return await readFile(file, "utf8");
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a folder" : (code ?? String(error));
      throw new UserError(`cannot read diff file ${file}: ${why}`);
    }
  }
}

/** The top of the work tree holding `folder`, or `folder` itself outside git (or without git). */
async function workTreeRoot(folder: string): Promise<string> {
  const top = await runGit(folder, ["rev-parse", "--show-toplevel"]).catch(() => null);
  return top?.code === 0 ? top.stdout.trim() : folder;
}

async function readStream(stream: Readable): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(typeof part === "string" ? Buffer.from(part) : (part as Buffer));
  return Buffer.concat(parts).toString("utf8");
}
