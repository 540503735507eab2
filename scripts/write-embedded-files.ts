// Rewrites the modules that embed prompts/*.md and the package version (see embedded-files.ts).
import { writeFileSync } from "node:fs";
import path from "node:path";
import { embeddedFiles, ROOT } from "./embedded-files.js";

for (const file of embeddedFiles()) {
  writeFileSync(path.join(ROOT, file.path), file.text);
  console.log(`wrote ${file.path}`);
}
