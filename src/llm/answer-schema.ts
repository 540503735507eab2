/**
 * The answers the model gives, as zod schemas. The shape is a public contract
 * (DESIGN.md, prompts/README.md): a chunk review answer
 * `{"summary", "comments": [{"path", "line", "start_line"?, "side"?, "severity", "title"?, "body", "suggestion"?}]}`
 * and a summary-pass answer `{"summary"}`.
 *
 * The schemas forgive what models commonly get almost right (case of enums, numbers as
 * strings, `null` for an absent optional field) so that a usable answer never costs a
 * repair request; unknown fields are stripped, never rejected.
 *
 * Comments are read one by one: a comment that is still wrong (line 0, no body, an
 * unknown severity) is set aside with its reason, and the rest of the answer stands. Only
 * an answer that is not the expected shape at all (no `comments` array, or comments of
 * which not one is usable) fails, and so gets the client's repair request.
 */
import { z } from "zod";
import { SEVERITIES } from "../core/finding.js";

const LINE_NUMBER = "must be a line number of the file (1 or more)";

/**
 * A line number written as a string is read only when it is decimal digits: `Number`
 * would also read "0x2", "1e1" or "" as numbers, and no model means line 2 by "0x2".
 */
function readLineString(value: unknown): unknown {
  return typeof value === "string" && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
}

const positiveLine = z.preprocess(
  readLineString,
  z.number({ error: LINE_NUMBER }).int({ error: LINE_NUMBER }).positive({ error: LINE_NUMBER }),
);

/** Models asked for an optional field often write `null` instead of leaving it out. */
function optionalField<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => (value === null ? undefined : value), schema.optional());
}

const severity = z.preprocess(
  (value) => (typeof value === "string" ? value.trim().toLowerCase() : value),
  z.enum(SEVERITIES, { error: `must be one of ${SEVERITIES.join(", ")}` }),
);

const side = z.preprocess(
  (value) => (typeof value === "string" ? value.trim().toUpperCase() : value === null ? undefined : value),
  z.enum(["RIGHT", "LEFT"], { error: "must be RIGHT or LEFT" }).default("RIGHT"),
);

const text = (what: string) => z.string({ error: what }).min(1, { error: what });

export const answerCommentSchema = z.object(
  {
    path: text("must be the path of a file of the diff"),
    line: positiveLine,
    start_line: optionalField(positiveLine),
    side,
    severity,
    title: optionalField(z.string({ error: "must be text" })),
    body: text("must say what the problem is"),
    suggestion: optionalField(z.string({ error: "must be text" })),
  },
  { error: "must be an object with path, line, severity and body" },
);
export type AnswerComment = z.output<typeof answerCommentSchema>;

/** A comment of a model answer that could not be used, with why; path and line as given, when usable. */
export interface InvalidAnswerComment {
  path?: string;
  line?: number;
  reason: string;
}

type Issue = { path: PropertyKey[]; message: string };
type ReadComment = { ok: true; comment: AnswerComment } | { ok: false; invalid: InvalidAnswerComment; issues: Issue[] };

// `catch` keeps the comment's JSON Schema (what the model is asked for) while a bad comment
// becomes a value instead of failing the whole answer.
const lenientComment = answerCommentSchema
  .transform((comment): ReadComment => ({ ok: true, comment }))
  .catch(({ input, error }): ReadComment => {
    const issues = error.issues.map(({ path, message }) => ({ path, message }));
    return { ok: false, invalid: invalidComment(input, issues), issues };
  });

export const chunkAnswerSchema = z
  .object({
    summary: z.string(),
    comments: z.array(lenientComment),
  })
  .superRefine(({ comments }, ctx) => {
    // Not one usable comment: the model likely misread the format (`file` for `path`, say),
    // which a repair request fixes; each problem is named for it.
    if (comments.length === 0 || comments.some((c) => c.ok)) return;
    comments.forEach((c, index) => {
      if (c.ok) return;
      for (const issue of c.issues) ctx.addIssue({ code: "custom", path: ["comments", index, ...issue.path], message: issue.message });
    });
  })
  .transform(({ summary, comments }) => {
    const answer: { summary: string; comments: AnswerComment[]; invalidComments?: InvalidAnswerComment[] } = {
      summary,
      comments: comments.flatMap((c) => (c.ok ? [c.comment] : [])),
    };
    const invalid = comments.flatMap((c) => (c.ok ? [] : [c.invalid]));
    // Present only when some comment was set aside, so a clean answer reads as before.
    if (invalid.length > 0) answer.invalidComments = invalid;
    return answer;
  });
export type ChunkAnswer = z.output<typeof chunkAnswerSchema>;

function invalidComment(input: unknown, issues: readonly Issue[]): InvalidAnswerComment {
  const fields = typeof input === "object" && input !== null && !Array.isArray(input) ? (input as Record<string, unknown>) : {};
  // The line listed is the line the reason speaks of: a string that is no line number is not listed as one.
  const line = readLineString(fields["line"]);
  const reason = issues
    .map((issue) => {
      const field = issue.path.map(String).join(".") || "the comment";
      const given = valueAt(input, issue.path);
      return given === undefined ? `${field} ${issue.message}` : `${field} ${issue.message}, not ${excerpt(given)}`;
    })
    .join("; ");
  return {
    ...(typeof fields["path"] === "string" && fields["path"] !== "" ? { path: fields["path"] } : {}),
    ...(typeof line === "number" && Number.isFinite(line) ? { line } : {}),
    reason,
  };
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let at = value;
  for (const key of path) {
    if (typeof at !== "object" || at === null) return undefined;
    at = (at as Record<PropertyKey, unknown>)[key];
  }
  return at;
}

function excerpt(value: unknown): string {
  const json = JSON.stringify(value) ?? String(value);
  return json.length > 40 ? `${json.slice(0, 37)}...` : json;
}

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
