import { formatPlanText } from "../core/render-plan.js";
import { loadPromptTemplates } from "../llm/prompt-templates.js";
import type { CliIo } from "./cli-io.js";
import { emptyDiffHint } from "./empty-diff-hint.js";
import { EXIT_OK } from "./exit-codes.js";
import { loadChange, type ChangeInput } from "./load-change.js";
import { prepareChange } from "./prepare-change.js";

export async function runPlanCommand(
  flags: ChangeInput & { format: "text" | "json" },
  io: CliIo,
): Promise<number> {
  const change = await loadChange(flags, io);
  const { report } = prepareChange(change, loadPromptTemplates());
  io.stdout.write(flags.format === "json" ? `${JSON.stringify(report, null, 2)}\n` : formatPlanText(report, emptyDiffHint(change.from)));
  return EXIT_OK;
}
