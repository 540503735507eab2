import { spawn } from "node:child_process";
import { UserError } from "../../core/user-error.js";

/** A problem the user fixes (wrong folder, unknown revision): exit code 2, no stack trace. */
export class SourceError extends UserError {
  override name = "SourceError";
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

/** Git's standard output; a failure is a SourceError that quotes git. */
export async function gitStdout(cwd: string, args: string[]): Promise<string> {
  const result = await runGit(cwd, args);
  if (result.code !== 0) throw new SourceError(`git ${firstCommand(args)} failed: ${result.stderr.trim()}`);
  return result.stdout;
}

/** The git command of an argument list, past the global options (`-c x=y`, `--git-dir=...`). */
function firstCommand(args: readonly string[]): string {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "-c") i++;
    else if (!args[i]!.startsWith("-")) return args[i]!;
  }
  return args[0] ?? "";
}
