/**
 * The answers the model gives, as zod schemas. The shape is a public contract
 * (DESIGN.md, prompts/README.md): a chunk review answer
 * `{"summary", "comments": [{"path", "line", "start_line"?, "side"?, "severity", "title"?, "body", "suggestion"?}]}`
 * and a summary-pass answer `{"summary"}`.
 *
 * The schemas forgive what models commonly get almost right (case of enums, numbers as
 * strings, `null` for an absent optional field) so that a usable answer never costs a
 * repair request; unknown fields are stripped, never rejected.
 */
import { z } from "zod";
import { SEVERITIES } from "../core/finding.js";

const positiveLine = z.preprocess(
  (value) => (typeof value === "string" && /^\s*\d+\s*$/.test(value) ? Number(value) : value),
  z.number().int().positive(),
);

/** Models asked for an optional field often write `null` instead of leaving it out. */
function optionalField<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => (value === null ? undefined : value), schema.optional());
}

const severity = z.preprocess(
  (value) => (typeof value === "string" ? value.trim().toLowerCase() : value),
  z.enum(SEVERITIES),
);

const side = z.preprocess(
  (value) => (typeof value === "string" ? value.trim().toUpperCase() : value === null ? undefined : value),
  z.enum(["RIGHT", "LEFT"]).default("RIGHT"),
);

export const answerCommentSchema = z.object({
  path: z.string().min(1),
  line: positiveLine,
  start_line: optionalField(positiveLine),
  side,
  severity,
  title: optionalField(z.string()),
  body: z.string().min(1),
  suggestion: optionalField(z.string()),
});
export type AnswerComment = z.output<typeof answerCommentSchema>;

export const chunkAnswerSchema = z.object({
  summary: z.string(),
  comments: z.array(answerCommentSchema),
});
export type ChunkAnswer = z.output<typeof chunkAnswerSchema>;

export const summaryAnswerSchema = z.object({
  summary: z.string(),
});
export type SummaryAnswer = z.output<typeof summaryAnswerSchema>;

/**
 * JSON Schema of what a model should send for `schema`, for `response_format: json_schema`.
 * The input side is described (not the parsed output) because that is what the model
 * writes; `$schema` is dropped since some gateways reject keys they do not know.
 */
export function answerJsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" });
  return rest;
}

/** The chunk answer's JSON Schema, as sent in `response_format.json_schema.schema`. */
export const chunkAnswerJsonSchema: Record<string, unknown> = answerJsonSchema(chunkAnswerSchema);
