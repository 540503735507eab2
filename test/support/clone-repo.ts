/**
 * Clones of a test repository, for what only a clone shows: remote-tracking branches and
 * shallow history. The clone goes through a file:// URL, since git ignores `--depth` for a
 * plain local path.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRepo, type Repo } from "./git-repo.js";

export interface Clone {
  readonly dir: string;
  git(...args: string[]): string;
  cleanup(): void;
}

/** `git clone <args> file://<origin>`, then `branch` checked out; runs with the origin's isolated env. */
export function cloneRepo(origin: Repo, args: string[], branch: string): Clone {
  const parent = realpathSync(mkdtempSync(join(tmpdir(), "ai-review-clone-")));
  const dir = join(parent, "clone");
  const git = (...gitArgs: string[]) => execFileSync("git", gitArgs, { cwd: dir, env: origin.env, stdio: ["ignore", "pipe", "pipe"] }).toString("utf8");
  execFileSync("git", ["clone", "-q", ...args, `file://${origin.dir}`, dir], { env: origin.env, stdio: "ignore" });
  git("checkout", "-q", branch);
  return { dir, git, cleanup: () => rmSync(parent, { recursive: true, force: true }) };
}

/**
 * A repository whose `feature` branch forked from `main` (feature changes `app.ts`), after
 * which `main` moved on (it adds `main-only.ts`); `main` is checked out, as on a server.
 */
export function forkedRepo(): { repo: Repo; forkPoint: string } {
  const repo = createRepo();
  repo.write("app.ts", "export const a = 1;\n");
  const forkPoint = repo.commit("fork point");
  repo.git("checkout", "-q", "-b", "feature");
  repo.write("app.ts", "export const a = 2;\n");
  repo.commit("feature work");
  repo.git("checkout", "-q", "main");
  repo.write("main-only.ts", "export const gained = true;\n");
  repo.commit("main moves on");
  return { repo, forkPoint };
}
