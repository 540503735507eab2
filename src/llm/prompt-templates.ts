/**
 * The reviewer prompts. Their source is the markdown in the package's `prompts/` folder;
 * they are served from a generated module (`prompt-texts.ts`) rather than read from disk,
 * because a one-file bundle (the Action) has no `prompts/` folder beside it.
 */
import { PROMPT_TEXTS } from "./prompt-texts.js";

export interface PromptTemplates {
  system: string;
  chunk: string;
  summary: string;
}

export function loadPromptTemplates(): PromptTemplates {
  return { ...PROMPT_TEXTS };
}

/** Fills `{{name}}` slots in one pass, so a value that holds `{{x}}` is never expanded. */
export function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (slot, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`prompt template slot ${slot} has no value`);
    return value;
  });
}
