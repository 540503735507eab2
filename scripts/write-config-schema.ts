// Writes schema/ai-review.schema.json from the zod schema; a test fails when it is stale.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { configJsonSchema } from "../src/config.js";

const out = path.resolve(import.meta.dirname, "..", "schema", "ai-review.schema.json");
writeFileSync(out, JSON.stringify(configJsonSchema(), null, 2) + "\n");
console.log(`wrote ${out}`);
