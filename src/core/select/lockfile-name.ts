const LOCKFILE_NAMES = new Set([
  // JavaScript
  "package-lock.json",
  "npm-shrinkwrap.json",
  "yarn.lock",
  "pnpm-lock.yaml",
  "bun.lockb",
  "bun.lock",
  "deno.lock",
  // Rust, Go
  "Cargo.lock",
  "go.sum",
  "go.work.sum",
  // Python
  "poetry.lock",
  "Pipfile.lock",
  "uv.lock",
  "pdm.lock",
  "pixi.lock",
  // PHP, Ruby, Elixir, Erlang, Dart, Crystal
  "composer.lock",
  "Gemfile.lock",
  "gems.locked",
  "mix.lock",
  "rebar.lock",
  "pubspec.lock",
  "shard.lock",
  // Apple
  "Podfile.lock",
  "Package.resolved",
  "Cartfile.resolved",
  // .NET
  "packages.lock.json",
  "paket.lock",
  // Nix, Haskell, R, Bazel, C/C++, Terraform, Helm
  "flake.lock",
  "stack.yaml.lock",
  "cabal.project.freeze",
  "renv.lock",
  "MODULE.bazel.lock",
  "conan.lock",
  ".terraform.lock.hcl",
  "Chart.lock",
]);

/**
 * True for the lockfile of a package manager, by file name. Gradle's `gradle.lockfile`,
 * `buildscript-gradle.lockfile` and the older `gradle/dependency-locks/*.lockfile` are
 * matched by their extension.
 */
export function isLockfileName(name: string): boolean {
  return LOCKFILE_NAMES.has(name) || name.endsWith(".lockfile");
}
