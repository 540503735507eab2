/**
 * Turns what the openai SDK threw for one HTTP request into a decision: retry (with the
 * wait the gateway asked for, if any) or fail with a message that says what to fix.
 */
import { APIConnectionError, APIConnectionTimeoutError, APIError } from "openai";
import type { ModelCallFailure } from "./model-call-error.js";
import { RESPONSE_FORMAT_MODES, type ResponseFormatMode } from "./response-format-mode.js";
import { parseRetryAfter } from "./retry-after.js";

export type GatewayFailure =
  | { retryable: true; detail: string; status?: number; retryAfterMs?: number; timedOut?: true }
  | { retryable: false; reason: ModelCallFailure; message: string; status?: number };

export interface GatewayErrorContext {
  baseURL: string;
  model: string;
  timeoutMs: number;
  /** Our own per-request timer fired (it also covers reading the body). */
  timedOut: boolean;
  responseFormat: ResponseFormatMode;
  /** Removes the API key: gateways echo keys back in error bodies. */
  redact: (text: string) => string;
}

/** Throws back anything that is not a gateway failure: that is a bug, not a retry. */
export function classifyGatewayError(error: unknown, context: GatewayErrorContext): GatewayFailure {
  const { redact } = context;
  if (context.timedOut || error instanceof APIConnectionTimeoutError) {
    return { retryable: true, detail: `no answer within ${context.timeoutMs} ms (timeout)`, timedOut: true };
  }
  if (error instanceof APIConnectionError) {
    return { retryable: true, detail: `connection failed (${redact(connectionDetail(error))})` };
  }
  if (error instanceof APIError && typeof error.status === "number") return classifyStatus(error, error.status, context);
  // A 200 answer whose JSON body does not parse: a proxy in the way, often transient.
  if (error instanceof SyntaxError) {
    return { retryable: true, detail: `an answer whose body is not JSON (${redact(error.message)})` };
  }
  throw error;
}

function classifyStatus(error: APIError, status: number, context: GatewayErrorContext): GatewayFailure {
  const { baseURL, model } = context;
  const detail = context.redact(error.message);
  const where = `the gateway at ${baseURL}`;
  if (status === 401) {
    return {
      retryable: false,
      reason: "unauthorized",
      status,
      // The gateway's own words: an authenticated Cloudflare AI Gateway without its token
      // (a CI secret that expanded to nothing) answers 401 too, and says so.
      message:
        `The API key was rejected by ${where} (${detail}) for model "${model}". Check OPENAI_API_KEY; ` +
        `behind an authenticated Cloudflare AI Gateway, also CF_AIG_TOKEN (or the variable gateway_token_env names).`,
    };
  }
  if (status === 403) {
    return {
      retryable: false,
      reason: "forbidden",
      status,
      message: `Access to model "${model}" was refused by ${where} (${detail}). Check that the key in OPENAI_API_KEY may use this model.`,
    };
  }
  if (status === 404) {
    return {
      retryable: false,
      reason: "not-found",
      status,
      message:
        `Model "${model}" at base URL ${baseURL} answered 404 Not Found: the model name or the base URL is wrong. ` +
        `Check AI_REVIEW_MODEL and OPENAI_BASE_URL (an OpenAI-compatible base URL usually ends in /v1). (${detail})`,
    };
  }
  // Before the retryable statuses: Ollama says it with a 500, and no retry makes the prompt shorter.
  if ((status === 400 || status === 413 || status === 422 || status >= 500) && isContextLength(error, detail)) {
    return {
      retryable: false,
      reason: "context-length",
      status,
      message:
        `The request is longer than the context window of model "${model}" at ${where} (${detail}). ` +
        `Set context_window to the model's real window, or add a model with a larger window to fallback_models.`,
    };
  }
  if (status === 408 || status === 409 || status === 429 || status >= 500) {
    // Honoured on any retryable status, not only 429 and 503: a gateway that says when
    // to come back knows better than our backoff.
    const retryAfterMs = parseRetryAfter(error.headers);
    return { retryable: true, status, detail, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
  }
  const others = RESPONSE_FORMAT_MODES.filter((mode) => mode !== context.responseFormat).map((mode) => `"${mode}"`);
  const formatHint =
    context.responseFormat === "none"
      ? ""
      : ` If the gateway does not support response_format "${context.responseFormat}", set response_format to ${others.join(" or ")}.`;
  // Reasoning models refuse max_tokens, most other servers max_completion_tokens: the name says which.
  const capHint = /max_(completion_)?tokens/.test(detail) ? " If it refuses the output cap's field, set max_tokens_field." : "";
  return {
    retryable: false,
    reason: "bad-request",
    status,
    message: `The request for model "${model}" was rejected by ${where} (${detail}).${formatHint}${capHint}`,
  };
}

/**
 * OpenAI answers 400 with the code `context_length_exceeded`; other servers say it in words:
 * vLLM "maximum context length" or "context length", Workers AI (413) "exceeded this model
 * context window limit", Anthropic "prompt is too long" or "exceed context limit", llama.cpp
 * "context size", Ollama "exceeds the context length", Gemini "input token count ...
 * exceeds the maximum", Hugging Face TGI (422) "`inputs` tokens + `max_new_tokens` must be <=".
 */
function isContextLength(error: APIError, detail: string): boolean {
  if (error.code === "context_length_exceeded") return true;
  return /context_length_exceeded|maximum context length|context (window|size|length|limit)|prompt is too long|too many (input )?tokens|input token count .*exceeds the maximum|`inputs` tokens \+ `max_new_tokens` must be <=/i.test(detail);
}

/** The SDK says only "Connection error."; the reason (refused, reset) is down the cause chain. */
function connectionDetail(error: Error): string {
  let reason = error.message;
  for (let cause = error.cause; cause instanceof Error; cause = cause.cause) {
    const code = (cause as { code?: unknown }).code;
    reason = typeof code === "string" && !cause.message.includes(code) ? `${cause.message} ${code}` : cause.message;
  }
  return reason;
}
