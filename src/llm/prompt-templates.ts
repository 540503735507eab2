/** Loads the reviewer prompts, markdown templates in the package's `prompts/` folder. */
import { readFile } from "node:fs/promises";

export interface PromptTemplates {
  system: string;
  chunk: string;
  summary: string;
}

// The same relative path holds from src/llm/ (tests, tsx) and from dist/llm/ (the build).
const PROMPTS_DIR = new URL("../../prompts/", import.meta.url);

let loaded: Promise<PromptTemplates> | undefined;

export function loadPromptTemplates(): Promise<PromptTemplates> {
  loaded ??= (async () => {
    const read = (name: string) => readFile(new URL(`${name}.md`, PROMPTS_DIR), "utf8");
    const [system, chunk, summary] = await Promise.all([read("system"), read("chunk"), read("summary")]);
    return { system, chunk, summary };
  })();
  return loaded;
}

/** Fills `{{name}}` slots in one pass, so a value that holds `{{x}}` is never expanded. */
export function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (slot, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`prompt template slot ${slot} has no value`);
    return value;
  });
}
