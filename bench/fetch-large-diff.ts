/**
 * The real diffs the benchmarks read: `git diff --no-index` between two published versions
 * of a package, made from `npm pack` tarballs on first use and cached in the git-ignored
 * .bench-cache/ folder. date-fns 2.30.0 -> 3.0.0 is the large one (about 10,000 files,
 * 13 MB of diff); AWS SDK client upgrades are the kind of diff that once drew 29 false
 * secret findings (their docs quote example keys, tokens and passwords), and the secret
 * bench reads them too.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

export const CACHE_DIR = path.resolve(import.meta.dirname, "..", ".bench-cache");

export interface PackageUpgrade {
  name: string;
  from: string;
  to: string;
}

export const DATE_FNS: PackageUpgrade = { name: "date-fns", from: "2.30.0", to: "3.0.0" };
export const AWS_CLIENT_UPGRADES: PackageUpgrade[] = [
  { name: "@aws-sdk/client-secrets-manager", from: "3.450.0", to: "3.600.0" },
  { name: "@aws-sdk/client-iam", from: "3.450.0", to: "3.600.0" },
];

export function largeDiffPath(): string {
  return packageDiffPath(DATE_FNS);
}

/** The diff between the two versions' published files, fetched and made on first use. */
export function packageDiffPath({ name, from, to }: PackageUpgrade): string {
  // npm names a scoped package's tarball without the @ and with - for the /.
  const base = name.replace(/^@/, "").replace("/", "-");
  const diffFile = path.join(CACHE_DIR, `${base}-${from}-${to}.diff`);
  if (existsSync(diffFile)) return diffFile;
  mkdirSync(CACHE_DIR, { recursive: true });
  const dirs = [from, to].map((version) => {
    const dir = `${base}-${version}`;
    if (existsSync(path.join(CACHE_DIR, dir))) return dir;
    process.stderr.write(`bench: fetching ${name}@${version} with npm pack\n`);
    execFileSync("npm", ["pack", `${name}@${version}`, "--silent", "--pack-destination", CACHE_DIR], {
      stdio: ["ignore", "ignore", "inherit"],
    });
    mkdirSync(path.join(CACHE_DIR, dir));
    execFileSync("tar", ["xzf", path.join(CACHE_DIR, `${base}-${version}.tgz`), "-C", path.join(CACHE_DIR, dir)]);
    return dir;
  });
  // --no-index exits 1 when the trees differ; that is the expected case.
  const result = spawnSync(
    "git",
    ["-c", "diff.renameLimit=20000", "diff", "--no-index", "--no-color", "--find-renames", `${dirs[0]}/package`, `${dirs[1]}/package`],
    { cwd: CACHE_DIR, maxBuffer: 1 << 30, encoding: "utf8" },
  );
  if (result.status !== 1) {
    rmSync(diffFile, { force: true });
    throw new Error(`git diff --no-index failed: ${result.stderr}`);
  }
  writeFileSync(diffFile, result.stdout);
  return diffFile;
}
