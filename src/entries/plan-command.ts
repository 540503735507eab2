import { formatPlanText } from "../core/render-plan.js";
import { planChange } from "../plan-change.js";
import type { CliIo } from "./cli-io.js";
import { EXIT_OK } from "./exit-codes.js";
import { openCliSource, type ChangeInput } from "./open-cli-source.js";

export async function runPlanCommand(
  flags: ChangeInput & { format: "text" | "json" },
  io: CliIo,
): Promise<number> {
  const { source, configFile, emptyHint } = await openCliSource(flags, io);
  const { report } = await planChange({ source, env: io.env, configFile });
  io.stdout.write(flags.format === "json" ? `${JSON.stringify(report, null, 2)}\n` : formatPlanText(report, emptyHint));
  return EXIT_OK;
}
