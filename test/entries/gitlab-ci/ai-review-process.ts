// `bin/ai-review.js` from source: the CLI as its own process, without a build (run with `node --import tsx`).
import { main } from "../../../src/entries/cli.js";

process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  cwd: process.cwd(),
  env: process.env,
});
