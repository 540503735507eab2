/**
 * `npm run build:action`: the GitHub Action's single-file bundle, `action/index.mjs`. It is
 * committed, because GitHub runs an action straight from the repository with no install
 * step; `.ci/run` rebuilds it and fails when the committed file differs, so what users
 * download is always what the sources say.
 */
import path from "node:path";
import { build } from "esbuild";

const ROOT = path.resolve(import.meta.dirname, "..");

await build({
  entryPoints: [path.join(ROOT, "src/entries/action/index.ts")],
  outfile: path.join(ROOT, "action/index.mjs"),
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  // The same bytes from the same sources on every machine: no absolute paths, no dates.
  absWorkingDir: ROOT,
  legalComments: "none",
  charset: "utf8",
  logLevel: "warning",
  // CommonJS dependencies call require(); an ESM bundle needs one made for it.
  banner: { js: 'import { createRequire as __aiReviewRequire } from "node:module"; const require = __aiReviewRequire(import.meta.url);' },
});
console.log("wrote action/index.mjs");
