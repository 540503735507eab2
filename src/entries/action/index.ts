// The Action's process: what `action/index.mjs` (the committed bundle) runs on node24.
import { appendFile, readFile } from "node:fs/promises";
import { runAction } from "./run-action.js";

process.exitCode = await runAction({
  env: process.env,
  stdout: process.stdout,
  readFile: (path) => readFile(path, "utf8"),
  appendFile: (path, text) => appendFile(path, text, "utf8"),
});
