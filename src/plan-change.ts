/**
 * The part of every review that needs no model: read the config at the change's base,
 * read the change, read what the base says about reviewing it, and prepare it (select,
 * redact, plan). `ai-review plan` stops here; `runReviewFlow` goes on from here.
 */
import { DEFAULT_CONFIG_FILE, loadConfig, type Config, type ConfigInput, type ConfigText } from "./config.js";
import type { Change, ChangeSource } from "./forges/change-source.js";
import { loadPromptTemplates, type PromptTemplates } from "./llm/prompt-templates.js";
import { prepareChange, type PreparedChange } from "./prepare-change.js";

/** Files in which repositories tell AI reviewers how to review them. */
export const INSTRUCTION_FILES = ["AGENTS.md", ".github/copilot-instructions.md"];

export interface PlanChangeInput {
  source: ChangeSource;
  env: NodeJS.ProcessEnv;
  /** Flags or Action inputs: they win over the environment and the file. */
  overrides?: Partial<ConfigInput>;
  /** Keys the config file may not set (see loadConfig). */
  fileMayNotSet?: readonly (keyof ConfigInput)[];
  /**
   * A config file named explicitly (the CLI's `--config`). Absent or null: `.ai-review.yml`
   * as the source's base has it, so a change cannot rewrite how it is reviewed (send the
   * review and the key elsewhere, widen `exclude`, turn on `approve`).
   */
  configFile?: ConfigText | null;
  /** The head an earlier review saw: only what changed since is read, where the source can. */
  since?: string;
  /** The base that earlier review was made against (see `ChangeSource.readChange`). */
  sinceBase?: string;
  templates?: PromptTemplates;
}

export interface PlannedChange extends PreparedChange {
  config: Config;
  change: Change;
  templates: PromptTemplates;
}

export async function planChange(input: PlanChangeInput): Promise<PlannedChange> {
  const { source } = input;
  const configFile = input.configFile ?? (await readBaseConfig(source));
  const config = loadConfig({ file: configFile, env: input.env, overrides: input.overrides, fileMayNotSet: input.fileMayNotSet });
  const [change, gitattributes, repositoryInstructions] = await Promise.all([
    source.readChange({
      ...(input.since !== undefined ? { since: input.since } : {}),
      ...(input.sinceBase !== undefined ? { sinceBase: input.sinceBase } : {}),
      contextLines: config.context_lines,
    }),
    // From the base: a change must not hide its own files by marking them generated.
    source.readBaseFile(".gitattributes"),
    readInstructions(source),
  ]);
  const templates = input.templates ?? loadPromptTemplates();
  return { ...prepareChange({ config, change, gitattributes, repositoryInstructions }, templates), config, change, templates };
}

async function readBaseConfig(source: ChangeSource): Promise<ConfigText | null> {
  const text = await source.readBaseFile(DEFAULT_CONFIG_FILE);
  if (text === null) return null;
  return { text, source: source.describeBaseFile?.(DEFAULT_CONFIG_FILE) ?? `${DEFAULT_CONFIG_FILE} at the base of ${source.origin}` };
}

async function readInstructions(source: ChangeSource): Promise<Array<{ source: string; text: string }>> {
  const read = await Promise.all(INSTRUCTION_FILES.map(async (file) => ({ source: file, text: await source.readBaseFile(file) })));
  return read.filter((r): r is { source: string; text: string } => r.text !== null);
}
