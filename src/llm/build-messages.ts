import picomatch from "picomatch";
import type { Chunk } from "../core/plan.js";
import type { ChatMessage } from "./model-client.js";
import { fillTemplate, type PromptTemplates } from "./prompt-templates.js";

/** What the reviewer is told beside the diff. Title and description are already redacted. */
export interface PromptContext {
  title: string;
  description: string;
  /** Repository files such as AGENTS.md, read from the base revision. */
  repositoryInstructions: Array<{ source: string; text: string }>;
  /** Config `instructions`. */
  instructions: string;
  /** Config `path_instructions`. */
  pathInstructions: ReadonlyArray<{ path: string; instructions: string }>;
}

/**
 * Text from the change goes inside `<untrusted-...>` tags; a closing tag written in that
 * text could end the block early and pass what follows as instructions, so it is broken.
 */
export function neutralizeTags(text: string): string {
  return text.replace(/<(\/?)untrusted-/gi, "<$1untrusted\u200b-");
}

export function systemMessage(templates: PromptTemplates, context: PromptContext): ChatMessage {
  const parts = context.repositoryInstructions
    .filter((r) => r.text.trim() !== "")
    .map((r) => `### From ${r.source}\n\n${r.text.trim()}`);
  if (context.instructions.trim()) parts.push(`### From the ai-review configuration\n\n${context.instructions.trim()}`);
  const repositoryInstructions = parts.length
    ? `## Repository instructions\n\nThe maintainers of this repository ask reviewers to follow these instructions.\n\n${parts.join("\n\n")}\n`
    : "";
  return { role: "system", content: fillTemplate(templates.system, { repository_instructions: repositoryInstructions }).trimEnd() + "\n" };
}

export function chunkMessages(templates: PromptTemplates, context: PromptContext, chunk: Chunk): ChatMessage[] {
  const paths = chunk.files.map((f) => f.path);
  const rules = context.pathInstructions
    .map((rule) => {
      const isMatch = picomatch(rule.path, { dot: true, windows: false });
      const matched = paths.filter((p) => isMatch(p));
      return matched.length ? `- For ${matched.join(", ")} (\`${rule.path}\`): ${rule.instructions.trim()}` : "";
    })
    .filter(Boolean);
  const pathInstructions = rules.length ? `\nInstructions for files in this part:\n${rules.join("\n")}\n` : "";
  const user = fillTemplate(templates.chunk, {
    title: neutralizeTags(context.title),
    description: neutralizeTags(context.description),
    path_instructions: pathInstructions,
    diff: neutralizeTags(chunk.text.trimEnd()),
  });
  return [systemMessage(templates, context), { role: "user", content: user }];
}

export function summaryMessages(
  templates: PromptTemplates,
  context: PromptContext,
  partSummaries: readonly string[],
  findings: ReadonlyArray<{ severity: string; path: string; line: number; title: string }>,
): ChatMessage[] {
  const user = fillTemplate(templates.summary, {
    title: neutralizeTags(context.title),
    description: neutralizeTags(context.description),
    part_summaries: neutralizeTags(partSummaries.map((s, i) => `${i + 1}. ${s}`).join("\n")),
    findings: neutralizeTags(findings.map((f) => `- ${f.severity} ${f.path}:${f.line} ${f.title}`).join("\n") || "(none)"),
  });
  return [systemMessage(templates, context), { role: "user", content: user }];
}
