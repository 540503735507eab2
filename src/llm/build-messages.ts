import picomatch from "picomatch";
import { countTokens } from "../core/count-tokens.js";
import type { Chunk } from "../core/plan.js";
import { promptPath } from "../core/prompt-path.js";
import { redactText } from "../core/redact/index.js";
import { fillTemplate, type PromptTemplates } from "./prompt-templates.js";
import type { ChatMessage } from "./review-model.js";

/** What the reviewer is told beside the diff, every text already redacted. */
export interface PromptContext {
  /** Secrets removed from these texts (the diff's own are counted per file). */
  redactions: number;
  title: string;
  description: string;
  /** Repository files such as AGENTS.md, read from the base revision. */
  repositoryInstructions: Array<{ source: string; text: string }>;
  /** Config `instructions`. */
  instructions: string;
  /** Config `path_instructions`. */
  pathInstructions: ReadonlyArray<{ path: string; instructions: string }>;
  /**
   * Changes with no lines to show (`listUnseenChanges`): deleted files, renames without a
   * content change, submodule and mode changes. Told to the first part's request.
   */
  unseenChanges: readonly string[];
}

/**
 * Builds the context from a change and its config. Every text goes through redaction:
 * a key pasted into a PR description or AGENTS.md must not reach the model either.
 */
export function buildPromptContext(
  change: {
    title: string;
    description: string;
    repositoryInstructions: ReadonlyArray<{ source: string; text: string }>;
    /** Already made safe to send (paths through `promptPath`). */
    unseenChanges?: readonly string[];
  },
  config: { instructions: string; path_instructions: ReadonlyArray<{ path: string; instructions: string }> },
): PromptContext {
  let redactions = 0;
  const clean = (text: string) => {
    const result = redactText(text);
    redactions += result.redactions.length;
    return result.text;
  };
  return {
    title: clean(change.title),
    description: clean(change.description),
    repositoryInstructions: change.repositoryInstructions.map((r) => ({ source: r.source, text: clean(r.text) })),
    instructions: clean(config.instructions),
    pathInstructions: config.path_instructions.map((r) => ({ path: r.path, instructions: clean(r.instructions) })),
    unseenChanges: change.unseenChanges ?? [],
    redactions,
  };
}

/** Chat framing per message (role markers) that the text alone does not count. */
const FRAMING_TOKENS_PER_MESSAGE = 8;

/**
 * Tokens of a chunk request without its diff, for the worst case where every
 * `path_instructions` rule applies: what each request spends before the diff.
 */
export function promptTokens(templates: PromptTemplates, context: PromptContext): number {
  // The first part, which also carries the list of unseen changes.
  const empty: Chunk = { index: FIRST_PART, tokens: 0, files: [], text: "" };
  const messages = chunkMessages(templates, context, empty);
  const rules = context.pathInstructions.reduce((sum, r) => sum + countTokens(`- For  (\`${r.path}\`): ${r.instructions}\n`), 0);
  return rules + messagesTokens(messages);
}

/** Tokens of a request's messages, with their framing. */
export function messagesTokens(messages: readonly ChatMessage[]): number {
  return messages.reduce((sum, m) => sum + countTokens(m.content) + FRAMING_TOKENS_PER_MESSAGE, 0);
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

/** Chunks are numbered from 1. */
const FIRST_PART = 1;

/**
 * The changes the diff cannot show, for the first part only: one mention is enough for the
 * model to ask about them, and the other parts keep their budget for code.
 */
function unseenChangesText(context: PromptContext, chunk: Chunk): string {
  if (chunk.index !== FIRST_PART || context.unseenChanges.length === 0) return "";
  return (
    "\nOther changes in this merge request, with no lines to show in the diff. Weigh them with the diff " +
    "(a test deleted beside the code it tested, a module renamed that others import); to comment on one, " +
    "use its path and line 1.\n" +
    `<untrusted-changes>\n${neutralizeTags(context.unseenChanges.join("\n"))}\n</untrusted-changes>\n`
  );
}

export function chunkMessages(templates: PromptTemplates, context: PromptContext, chunk: Chunk): ChatMessage[] {
  const paths = chunk.files.map((f) => f.path);
  const rules = context.pathInstructions
    .map((rule) => {
      const isMatch = picomatch(rule.path, { dot: true, windows: false });
      const matched = paths.filter((p) => isMatch(p));
      return matched.length ? `- For ${matched.map(promptPath).join(", ")} (\`${rule.path}\`): ${rule.instructions.trim()}` : "";
    })
    .filter(Boolean);
  const pathInstructions = rules.length ? `\nInstructions for files in this part:\n${rules.join("\n")}\n` : "";
  const user = fillTemplate(templates.chunk, {
    title: neutralizeTags(context.title),
    description: neutralizeTags(context.description),
    unseen_changes: unseenChangesText(context, chunk),
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
    findings: neutralizeTags(findings.map((f) => `- ${f.severity} ${promptPath(f.path)}:${f.line} ${f.title}`).join("\n") || "(none)"),
  });
  return [systemMessage(templates, context), { role: "user", content: user }];
}
