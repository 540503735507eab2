/**
 * Throwaway git repositories built with the real `git` binary, for tests that compare what
 * the code says about a diff with what git and the files say.
 *
 *   const repo = createRepo();
 *   try {
 *     repo.write("a.txt", "one\n");
 *     const base = repo.commit("base");
 *     repo.write("a.txt", "two\n");
 *     const head = repo.commit("head");
 *     const diff = repo.git("diff", base, head);
 *   } finally {
 *     repo.cleanup();
 *   }
 *
 * Every git call runs with `repo.env`: the user's global and system config are ignored
 * (a `color.ui=always`, `diff.noprefix` or `diff.renames=false` on a developer's machine
 * would change the output under test), inherited `GIT_*` variables are dropped (tests run
 * from a git hook would otherwise act on the hook's repository), and author, committer
 * and dates are fixed so commit ids are reproducible. Pass `repo.env` to any child process
 * (such as the CLI under test) that should see the repository the same way.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { devNull, tmpdir } from "node:os";
import { dirname, join } from "node:path";

export interface Repo {
  /** Absolute path of the work tree (symlinks resolved, so it matches what git prints). */
  readonly dir: string;
  /** The environment every git call of this repo runs with; reuse it for child processes. */
  readonly env: NodeJS.ProcessEnv;
  /** Runs `git <args>` in the repo; returns stdout exactly as written (not trimmed). Throws on a non-zero exit, with git's stderr in the message. */
  git(...args: string[]): string;
  /** Like `git`, but stdout as bytes: for blobs that are not UTF-8. */
  gitBuffer(...args: string[]): Buffer;
  /** The general form: `input` goes to git's stdin (`cat-file --batch`, `hash-object --stdin`, ...). */
  run(args: string[], options?: { input?: string | Buffer }): Buffer;
  /** Writes a file (parent folders created); a string is written as UTF-8, as is. */
  write(path: string, content: string | Buffer): void;
  /** Deletes a file or folder from the work tree (not from the index: `commit` stages it). */
  remove(path: string): void;
  /** Stages everything (`git add -A`) and commits, even when nothing changed; returns the new commit's full SHA. */
  commit(message: string): string;
  /** Deletes the repository; safe to call twice. */
  cleanup(): void;
}

export interface CreateRepoOptions {
  /** Extra local config set after `git init`, e.g. `{ "core.quotePath": "false" }`. */
  config?: Record<string, string>;
}

const FIXED_DATE = "2024-01-02T03:04:05Z";

export function createRepo(options: CreateRepoOptions = {}): Repo {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), "ai-review-git-")));
  const env = isolatedGitEnv();

  const run = (args: string[], options: { input?: string | Buffer } = {}): Buffer => {
    try {
      return execFileSync("git", args, {
        cwd: dir,
        env,
        maxBuffer: 256 * 1024 * 1024,
        input: options.input,
        stdio: [options.input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
      });
    } catch (error) {
      const stderr = (error as { stderr?: Buffer }).stderr?.toString("utf8").trim();
      throw new Error(`git ${args.join(" ")} failed in ${dir}${stderr ? `: ${stderr}` : ""}`, {
        cause: error,
      });
    }
  };
  const gitBuffer = (...args: string[]): Buffer => run(args);
  const git = (...args: string[]): string => run(args).toString("utf8");

  git("-c", "init.defaultBranch=main", "init", "-q");
  const config: Record<string, string> = {
    "user.name": "Test User",
    "user.email": "test@example.com",
    "core.autocrlf": "false",
    "core.safecrlf": "false",
    "commit.gpgsign": "false",
    "tag.gpgsign": "false",
    ...options.config,
  };
  for (const [key, value] of Object.entries(config)) git("config", key, value);

  let removed = false;
  return {
    dir,
    env,
    git,
    gitBuffer,
    run,
    write(path, content) {
      const full = join(dir, path);
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, content);
    },
    remove(path) {
      rmSync(join(dir, path), { recursive: true, force: true });
    },
    commit(message) {
      git("add", "-A");
      git("commit", "-q", "--allow-empty", "--no-verify", "-m", message);
      return git("rev-parse", "HEAD").trim();
    },
    cleanup() {
      if (removed) return;
      removed = true;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function isolatedGitEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith("GIT_")) env[key] = value;
  }
  return {
    ...env,
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_CONFIG_GLOBAL: devNull,
    GIT_AUTHOR_NAME: "Test User",
    GIT_AUTHOR_EMAIL: "test@example.com",
    GIT_AUTHOR_DATE: FIXED_DATE,
    GIT_COMMITTER_NAME: "Test User",
    GIT_COMMITTER_EMAIL: "test@example.com",
    GIT_COMMITTER_DATE: FIXED_DATE,
    GIT_TERMINAL_PROMPT: "0",
    // Messages in English whatever the machine's locale, so tests can match them.
    LC_ALL: "C",
    LANG: "C",
  };
}
