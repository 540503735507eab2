/**
 * The large real diff the benchmarks read: `git diff --no-index` between two published
 * versions of date-fns (about 10,000 files, 13 MB of diff), made from `npm pack` tarballs
 * on first use and cached in the git-ignored .bench-cache/ folder.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

export const CACHE_DIR = path.resolve(import.meta.dirname, "..", ".bench-cache");
const PACKAGE = "date-fns";
const OLD = "2.30.0";
const NEW = "3.0.0";

export function largeDiffPath(): string {
  const diffFile = path.join(CACHE_DIR, `${PACKAGE}-${OLD}-${NEW}.diff`);
  if (existsSync(diffFile)) return diffFile;
  mkdirSync(CACHE_DIR, { recursive: true });
  for (const version of [OLD, NEW]) {
    const dir = path.join(CACHE_DIR, version);
    if (existsSync(dir)) continue;
    process.stderr.write(`bench: fetching ${PACKAGE}@${version} with npm pack\n`);
    execFileSync("npm", ["pack", `${PACKAGE}@${version}`, "--silent", "--pack-destination", CACHE_DIR], { stdio: ["ignore", "ignore", "inherit"] });
    mkdirSync(dir);
    execFileSync("tar", ["xzf", path.join(CACHE_DIR, `${PACKAGE}-${version}.tgz`), "-C", dir]);
  }
  // --no-index exits 1 when the trees differ; that is the expected case.
  const result = spawnSync(
    "git",
    ["-c", "diff.renameLimit=20000", "diff", "--no-index", "--no-color", "--find-renames", `${OLD}/package`, `${NEW}/package`],
    { cwd: CACHE_DIR, maxBuffer: 1 << 30, encoding: "utf8" },
  );
  if (result.status !== 1) {
    rmSync(diffFile, { force: true });
    throw new Error(`git diff --no-index failed: ${result.stderr}`);
  }
  writeFileSync(diffFile, result.stdout);
  return diffFile;
}
