/**
 * Finds the one JSON object in a model's answer. Models wrap JSON in ```json fences, put
 * prose around it, or think aloud first (`<think>...</think>`) even when asked not to;
 * all of that is forgiven here so only a genuinely broken answer costs a repair request.
 */

export type JsonAnswer =
  | { ok: true; value: unknown }
  /** `error` is written to be quoted back to the model in a repair request. */
  | { ok: false; error: string };

const EXCERPT_CHARS = 120;

export function parseJsonAnswer(text: string): JsonAnswer {
  const cleaned = text
    .replace(/^\uFEFF/, "")
    .replace(/<think>[\s\S]*?<\/think>/gi, "")
    .trim();
  if (cleaned === "") return { ok: false, error: "The answer was empty; expected a JSON object." };

  const whole = tryParse(cleaned);
  if (whole.ok) return asObject(whole.value);

  for (const block of fencedBlocks(cleaned)) {
    const parsed = tryParse(block);
    if (parsed.ok) return asObject(parsed.value);
  }

  return findEmbeddedObject(cleaned);
}

function tryParse(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

function asObject(value: unknown, depth = 0): JsonAnswer {
  // Some gateways double-encode: the content is a JSON string holding the JSON object.
  if (typeof value === "string" && depth === 0) {
    const inner = tryParse(value.trim());
    if (inner.ok) return asObject(inner.value, depth + 1);
  }
  if (value !== null && typeof value === "object" && !Array.isArray(value)) return { ok: true, value };
  const kind = Array.isArray(value) ? "an array" : value === null ? "null" : `a ${typeof value}`;
  return { ok: false, error: `The answer is ${kind}, not a JSON object; expected one object {...}.` };
}

function* fencedBlocks(text: string): Generator<string> {
  const fence = /```[\w-]*[^\S\n]*\n?([\s\S]*?)```/g;
  for (const match of text.matchAll(fence)) yield (match[1] ?? "").trim();
}

/**
 * Tries each `{` in turn as the start of the object, so braces in the prose before the
 * JSON do not hide it. A balanced candidate that fails to parse is skipped whole: an
 * object nested inside a broken answer would parse, and then fail validation with a
 * misleading error. Strings are skipped while matching braces because code in a comment
 * body is full of unbalanced `{` and `}`.
 */
function findEmbeddedObject(text: string): JsonAnswer {
  let firstError: string | undefined;
  let sawUnclosed = false;
  let start = text.indexOf("{");
  while (start !== -1) {
    const end = matchingBrace(text, start);
    if (end === -1) {
      sawUnclosed = true;
      start = text.indexOf("{", start + 1);
      continue;
    }
    const parsed = tryParse(text.slice(start, end + 1));
    if (parsed.ok) return asObject(parsed.value);
    firstError ??= `The JSON object is not valid JSON: ${parsed.error}`;
    start = text.indexOf("{", end + 1);
  }
  if (firstError !== undefined) return { ok: false, error: firstError };
  if (sawUnclosed) {
    return {
      ok: false,
      error: `The JSON object is never closed (the answer may have been cut off); it ends with: ${excerpt(text.slice(-EXCERPT_CHARS))}`,
    };
  }
  return { ok: false, error: `The answer contains no JSON object; it begins with: ${excerpt(text)}` };
}

function matchingBrace(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char === "\\") i++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === "{") depth++;
    else if (char === "}" && --depth === 0) return i;
  }
  return -1;
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return JSON.stringify(flat.length > EXCERPT_CHARS ? `${flat.slice(0, EXCERPT_CHARS)}...` : flat);
}
