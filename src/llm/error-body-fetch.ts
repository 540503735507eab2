/**
 * fetch for the openai SDK that keeps the message of error answers in other shapes than
 * OpenAI's `{ "error": { "message": ... } }`. The SDK reads only that shape: from any other
 * JSON body it makes "400 status code (no body)", so the words that say what went wrong
 * were lost, and with them the context-length error a fallback model could take. Workers
 * AI answers in Cloudflare's API shape (`{ "errors": [{ "code": 5021, "message": ... }] }`,
 * the gateway itself `"error": [...]`),
 * vLLM and other servers with a top-level `message` or `detail`, Google with an array.
 * Such a body is handed on in OpenAI's shape; every other answer passes untouched.
 */
type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export function errorBodyFetch(inner: Fetch = globalThis.fetch): Fetch {
  return async (input, init) => {
    const response = await inner(input, init);
    if (response.ok || !/json/i.test(response.headers.get("content-type") ?? "")) return response;
    const text = await response.text();
    const message = messageOf(text);
    const headers = new Headers(response.headers);
    // The body is rebuilt, already decoded: its old length and encoding no longer apply.
    headers.delete("content-length");
    headers.delete("content-encoding");
    const body = message === null ? text : JSON.stringify({ error: { message } });
    return new Response(body, { status: response.status, statusText: response.statusText, headers });
  };
}

/** The message of a JSON error body the SDK cannot read; null when the SDK reads it (or there is none). */
function messageOf(text: string): string | null {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return null;
  }
  const first = Array.isArray(body) ? body[0] : body;
  if (!isRecord(first)) return null;
  // Cloudflare's gateway itself says `"error": [{ "code": 2009, "message": "Unauthorized" }]`.
  const errors = Array.isArray(first.errors) ? first.errors : Array.isArray(first.error) ? first.error : [];
  if (first.error !== undefined && !Array.isArray(first.error)) {
    return first === body ? null : textOf(isRecord(first.error) ? first.error.message : first.error);
  }
  const listed = errors.map(errorText).filter((m): m is string => m !== null);
  if (listed.length > 0) return listed.join("; ");
  return textOf(first.message) ?? textOf(first.detail);
}

/** `2009: Unauthorized`: Cloudflare's code first, unless its message already starts with it. */
function errorText(entry: unknown): string | null {
  if (!isRecord(entry)) return textOf(entry);
  const message = textOf(entry.message);
  const code = typeof entry.code === "number" || typeof entry.code === "string" ? String(entry.code) : null;
  if (message === null) return code;
  return code === null || message.startsWith(code) ? message : `${code}: ${message}`;
}

function textOf(value: unknown): string | null {
  if (typeof value === "string") return value.trim() ? value : null;
  return value === undefined || value === null ? null : JSON.stringify(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}
