/**
 * The client for the OpenAI-compatible gateway: one request shape, bounded retries, a
 * shared concurrency limit, lenient JSON answers with one repair request, and the usage of
 * each call. It keeps no running totals: a client outlives reviews (a server shares one),
 * so each review sums the usage of its own calls.
 *
 * The SDK's own retries are off (`maxRetries: 0`): ours are bounded by a maximum wait,
 * refuse to sleep for whatever a gateway asks, and are counted in the usage.
 */
import { setTimeout as delay } from "node:timers/promises";
import OpenAI from "openai";
import type { ChatCompletion, ChatCompletionCreateParamsNonStreaming } from "openai/resources/chat/completions";
import pLimit, { type LimitFunction } from "p-limit";
import type { z } from "zod";
import { LOG_ID_PATTERN } from "../core/review-marker.js";
import { answerJsonSchema } from "./answer-schema.js";
import { backoffDelay } from "./backoff-delay.js";
import { CallTally } from "./call-tally.js";
import type { CallUsage } from "./call-usage.js";
import { checkAnswer } from "./check-answer.js";
import { classifyGatewayError, type GatewayFailure } from "./classify-gateway-error.js";
import { errorBodyFetch } from "./error-body-fetch.js";
import { ModelAnswerError } from "./model-answer-error.js";
import { ModelCallError, type ModelCallFailure } from "./model-call-error.js";
import type { ModelAnswer } from "./model-answer.js";
import { outputCapField, type OutputCapField } from "./output-cap-field.js";
import { repairMessages } from "./repair-messages.js";
import { unsendableHeaderValue } from "./unsendable-header-value.js";
import { DEFAULT_RESPONSE_FORMAT, type ResponseFormatMode } from "./response-format-mode.js";
import type { AskJsonOptions, ChatMessage, ReviewModel } from "./review-model.js";

export interface ModelClientOptions {
  /** OpenAI-compatible base URL, usually ending in `/v1`. */
  baseURL: string;
  /** Optional: local gateways (Ollama, llama.cpp) need none. */
  apiKey?: string;
  /**
   * false: no Authorization header at all, whatever `apiKey` says (Cloudflare AI Gateway's
   * bring-your-own-key mode, where the gateway holds the provider key). Default true.
   */
  sendApiKey?: boolean;
  /** Sent with every request (gateway headers). Their values are redacted from messages like the key. */
  headers?: Readonly<Record<string, string>>;
  /** Fields added to every request body (`store: false`). */
  extraBody?: Readonly<Record<string, unknown>>;
  model: string;
  /**
   * Always sent: some servers default to a tiny cap (Workers AI), which truncates answers.
   * As `max_tokens`, or `max_completion_tokens` for models that reject it (see outputCapField).
   */
  maxTokens: number;
  /** Default: by the model name, `max_completion_tokens` for OpenAI's reasoning models. */
  outputCapField?: OutputCapField;
  /** Left out of the request when undefined, and for models that take `max_completion_tokens`: they reject any temperature. */
  temperature?: number;
  /** Per HTTP request, including reading the answer. Default 120 000. */
  timeoutMs?: number;
  /** Retries per request after the first attempt. Default 3. */
  maxRetries?: number;
  /** HTTP requests in flight at once, across every call of this client. Default 4. */
  concurrency?: number;
  /**
   * A limiter shared with other clients of the same gateway (one per model a router may
   * fall back to), so that `concurrency` holds for all of them together. Default: its own.
   */
  limit?: LimitFunction;
  /** Default DEFAULT_RESPONSE_FORMAT (json_object), as in the config. */
  responseFormat?: ResponseFormatMode;
  /** Longest Retry-After this client will honour; a longer one fails the call. Default 60 000. */
  maxRetryWaitMs?: number;
  /** Backoff when the gateway gives no Retry-After. Defaults 500 and 30 000. */
  backoffBaseMs?: number;
  backoffCapMs?: number;
  /** Injectable for tests. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  /** Milliseconds on a monotonic clock, for each call's wallMs. Default performance.now. */
  now?: () => number;
}

type ResponseFormat = ChatCompletionCreateParamsNonStreaming["response_format"];

type Attempt = { ok: true; answer: ModelAnswer; logId: string | undefined } | { ok: false; failure: GatewayFailure };

/** The response header in which Cloudflare AI Gateway names its log of the call. */
const LOG_ID_HEADER = "cf-aig-log-id";

/** `HIT` when Cloudflare AI Gateway answered from its cache: no provider was called, nothing was spent. */
const CACHE_STATUS_HEADER = "cf-aig-cache-status";

const EXCERPT_CHARS = 500;

/** Node's timers fire at once above this many milliseconds: a longer timeout would fail every call. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** The SDK refuses to start without a key; this stands in for gateways that take none. */
const NO_KEY = "no-key";

/** Shorter header values (a cache TTL, "false") are settings, not secrets: redacting them would garble messages. */
const MIN_SECRET_CHARS = 8;

const derivedJsonSchemas = new WeakMap<z.ZodType, Record<string, unknown>>();

export class ModelClient implements ReviewModel {
  readonly baseURL: string;
  readonly model: string;
  readonly #apiKey: string;
  /** Values no message may show: the key and the gateway headers' values. */
  readonly #secrets: string[];
  readonly #extraBody: Readonly<Record<string, unknown>>;
  readonly #openai: OpenAI;
  readonly #limit: LimitFunction;
  readonly #maxTokens: number;
  readonly #outputCapField: OutputCapField;
  readonly #temperature: number | undefined;
  readonly #timeoutMs: number;
  readonly #maxRetries: number;
  readonly #responseFormat: ResponseFormatMode;
  readonly #maxRetryWaitMs: number;
  readonly #backoffBaseMs: number;
  readonly #backoffCapMs: number;
  readonly #sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly #random: () => number;
  readonly #now: () => number;

  constructor(options: ModelClientOptions) {
    if (!options.baseURL) throw new Error("The model base URL is empty: set OPENAI_BASE_URL.");
    if (!options.model) throw new Error("The model name is empty: set AI_REVIEW_MODEL.");
    this.baseURL = options.baseURL;
    this.model = options.model;
    const sendApiKey = options.sendApiKey ?? true;
    this.#apiKey = sendApiKey ? (options.apiKey ?? "") : "";
    const headers = options.headers ?? {};
    // fetch's own error would quote the value, a key included, in every failed part's message.
    for (const [name, value] of [["apiKey", this.#apiKey], ...Object.entries(headers).map(([h, v]) => [`headers["${h}"]`, v])] as const) {
      const problem = unsendableHeaderValue(value);
      if (problem) throw new Error(`Model client option ${name} ${problem}; nothing was sent.`);
    }
    // A header's value and, for `Bearer <token>`, the token alone: a gateway may echo either.
    const headerSecrets = Object.values(headers).flatMap((value) => [value, /^Bearer\s+(.+)$/i.exec(value)?.[1] ?? ""]);
    this.#secrets = [this.#apiKey, options.apiKey ?? "", ...headerSecrets]
      .filter((value) => value.length >= MIN_SECRET_CHARS)
      // Longest first, so that a secret holding another is redacted whole.
      .sort((a, b) => b.length - a.length);
    this.#extraBody = options.extraBody ?? {};
    this.#maxTokens = positiveInteger("maxTokens", options.maxTokens);
    this.#outputCapField = options.outputCapField ?? outputCapField(options.model);
    // Reasoning models answer 400 to any temperature.
    this.#temperature = this.#outputCapField === "max_completion_tokens" ? undefined : options.temperature;
    this.#timeoutMs = positiveInteger("timeoutMs", options.timeoutMs ?? 120_000, MAX_TIMER_MS);
    this.#maxRetries = nonNegativeInteger("maxRetries", options.maxRetries ?? 3);
    this.#responseFormat = options.responseFormat ?? DEFAULT_RESPONSE_FORMAT;
    this.#maxRetryWaitMs = options.maxRetryWaitMs ?? 60_000;
    this.#backoffBaseMs = options.backoffBaseMs ?? 500;
    this.#backoffCapMs = options.backoffCapMs ?? 30_000;
    this.#sleep = options.sleep ?? ((ms, signal) => delay(ms, undefined, { signal }));
    this.#random = options.random ?? Math.random;
    this.#now = options.now ?? (() => performance.now());
    this.#limit = options.limit ?? pLimit(positiveInteger("concurrency", options.concurrency ?? 4));
    this.#openai = new OpenAI({
      baseURL: options.baseURL,
      apiKey: this.#apiKey || NO_KEY,
      timeout: this.#timeoutMs,
      maxRetries: 0,
      fetch: errorBodyFetch(),
      // A null removes the SDK's own Authorization header: bring-your-own-key sends none.
      defaultHeaders: { ...headers, ...(sendApiKey ? {} : { Authorization: null }) },
    });
  }

  /**
   * Asks the model and returns its answer parsed and validated by `schema`. A malformed
   * answer gets one repair request; a second malformed answer throws ModelAnswerError.
   * A gateway failure (after retries) throws ModelCallError.
   */
  async askJson<T>(
    messages: readonly ChatMessage[],
    schema: z.ZodType<T>,
    options: AskJsonOptions = {},
  ): Promise<{ value: T; usage: CallUsage; logId?: string; model: string }> {
    const tally = new CallTally();
    const started = this.#now();
    try {
      const value = await this.#ask(messages, schema, options, tally, started);
      const usage = tally.usage(this.#now() - started, this.model);
      return tally.logId === undefined ? { value, usage, model: this.model } : { value, usage, logId: tally.logId, model: this.model };
    } catch (error) {
      if (error instanceof ModelCallError) error.usage = tally.usage(this.#now() - started, this.model);
      throw error;
    }
  }

  async #ask<T>(
    messages: readonly ChatMessage[],
    schema: z.ZodType<T>,
    options: AskJsonOptions,
    tally: CallTally,
    started: number,
  ): Promise<T> {
    const format = this.#formatFor(schema, options);
    const first = await this.#complete(messages, format, tally, options.signal);
    const checked = checkAnswer(first, schema, this.#maxTokens);
    if (checked.ok) return checked.value;

    tally.repaired = true;
    const repair = repairMessages(messages, first.content, checked.problem);
    const second = await this.#complete(repair, format, tally, options.signal);
    const rechecked = checkAnswer(second, schema, this.#maxTokens);
    if (rechecked.ok) return rechecked.value;

    const excerpt = this.#redact(second.content.slice(0, EXCERPT_CHARS));
    const problem = this.#redact(rechecked.problem);
    throw new ModelAnswerError(
      `The model "${this.model}" at ${this.baseURL} did not answer with valid JSON of the expected shape, ` +
        `even after a repair request: ${problem}\nThe answer began: ${JSON.stringify(excerpt)}`,
      {
        baseURL: this.baseURL,
        model: this.model,
        problem,
        excerpt,
        usage: tally.usage(this.#now() - started, this.model),
      },
    );
  }

  #formatFor(schema: z.ZodType, options: AskJsonOptions): ResponseFormat {
    switch (this.#responseFormat) {
      case "none":
        return undefined;
      case "json_object":
        return { type: "json_object" };
      case "json_schema": {
        let jsonSchema = options.jsonSchema ?? derivedJsonSchemas.get(schema);
        if (!jsonSchema) {
          jsonSchema = answerJsonSchema(schema);
          derivedJsonSchemas.set(schema, jsonSchema);
        }
        // strict: false because strict mode forbids optional fields, which our format has.
        return { type: "json_schema", json_schema: { name: options.schemaName ?? "answer", schema: jsonSchema, strict: false } };
      }
    }
  }

  /** One model answer, retrying gateway failures within the bounds. */
  async #complete(
    messages: readonly ChatMessage[],
    responseFormat: ResponseFormat,
    tally: CallTally,
    signal: AbortSignal | undefined,
  ): Promise<ModelAnswer> {
    const body: ChatCompletionCreateParamsNonStreaming = {
      model: this.model,
      messages: messages.map((message) => ({ ...message })),
      [this.#outputCapField]: this.#maxTokens,
      ...(this.#temperature === undefined ? {} : { temperature: this.#temperature }),
      ...(responseFormat === undefined ? {} : { response_format: responseFormat }),
      ...this.#extraBody,
    };
    for (let attempt = 0; ; attempt++) {
      tally.requests++;
      const outcome = await this.#limit(() => this.#attempt(body, signal));
      if (outcome.ok) {
        tally.add(outcome.answer);
        // The last answer's log: a repaired call's findings come from the repair.
        tally.logId = outcome.logId;
        return outcome.answer;
      }
      const failure = outcome.failure;
      if (!failure.retryable) throw this.#error(failure.reason, failure.message, failure.status);
      if (attempt >= this.#maxRetries) {
        throw this.#error(
          "retries-exhausted",
          `The model call to ${this.baseURL} (model "${this.model}") failed after ${attempt + 1} attempt${attempt === 0 ? "" : "s"}; ` +
            `last error: ${failure.detail}. Check that OPENAI_BASE_URL is reachable and serves AI_REVIEW_MODEL, ` +
            `or raise the timeout or the number of retries.`,
          failure.status,
          failure.timedOut,
        );
      }
      let waitMs = backoffDelay(attempt, { baseMs: this.#backoffBaseMs, capMs: this.#backoffCapMs, random: this.#random });
      if (failure.retryAfterMs !== undefined) {
        if (failure.retryAfterMs > this.#maxRetryWaitMs) {
          throw this.#error(
            "retry-after-too-long",
            `The gateway at ${this.baseURL} (model "${this.model}") answered ${failure.detail} and asked to wait ` +
              `${seconds(failure.retryAfterMs)} before retrying, longer than the ${seconds(this.#maxRetryWaitMs)} ` +
              `this client waits. Try again later, or use a gateway or model with a higher rate limit.`,
            failure.status,
          );
        }
        waitMs = failure.retryAfterMs;
      }
      tally.retries++;
      try {
        await this.#sleep(waitMs, signal);
      } catch (error) {
        if (signal?.aborted) throw this.#error("aborted", `The model call to ${this.baseURL} was aborted.`);
        throw error;
      }
    }
  }

  async #attempt(body: ChatCompletionCreateParamsNonStreaming, signal: AbortSignal | undefined): Promise<Attempt> {
    if (signal?.aborted) return { ok: false, failure: this.#aborted() };
    // The SDK's timeout stops at the response headers; this one also covers reading the body.
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.#timeoutMs);
    const abort = () => controller.abort();
    signal?.addEventListener("abort", abort, { once: true });
    try {
      const { data, response } = await this.#openai.chat.completions.create(body, { signal: controller.signal }).withResponse();
      return this.#answerOf(data, logIdOf(response.headers), response.headers.get(CACHE_STATUS_HEADER)?.trim().toUpperCase() === "HIT");
    } catch (error) {
      if (signal?.aborted) return { ok: false, failure: this.#aborted() };
      const failure = classifyGatewayError(error, {
        baseURL: this.baseURL,
        model: this.model,
        timeoutMs: this.#timeoutMs,
        timedOut,
        responseFormat: this.#responseFormat,
        redact: (text) => this.#redact(text),
      });
      return { ok: false, failure };
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener("abort", abort);
    }
  }

  #answerOf(completion: ChatCompletion, logId: string | undefined, fromCache: boolean): Attempt {
    // The SDK hands back the raw text when a gateway answers 200 without JSON (an HTML page).
    const choice = typeof completion === "object" && completion !== null ? completion.choices?.[0] : undefined;
    if (!choice) {
      const shown = typeof completion === "string" ? completion : JSON.stringify(completion);
      return {
        ok: false,
        failure: { retryable: true, detail: `an answer without a chat completion: ${excerptOf(this.#redact(shown ?? ""))}` },
      };
    }
    // Usage is optional in the protocol and some local servers omit it: null, not 0, so
    // that a review's usage can say how many calls went uncounted.
    return {
      ok: true,
      logId,
      answer: {
        content: choice.message?.content ?? "",
        finishReason: choice.finish_reason ?? null,
        refusal: choice.message?.refusal ?? null,
        // A cached answer repeats the usage of the call that filled the cache, which cost
        // nothing this time: counted, it would bill the review (and its budget) again.
        promptTokens: fromCache ? 0 : (completion.usage?.prompt_tokens ?? null),
        completionTokens: fromCache ? 0 : (completion.usage?.completion_tokens ?? null),
      },
    };
  }

  #aborted(): GatewayFailure {
    return { retryable: false, reason: "aborted", message: `The model call to ${this.baseURL} (model "${this.model}") was aborted.` };
  }

  #error(reason: ModelCallFailure, message: string, status?: number, timedOut?: boolean): ModelCallError {
    return new ModelCallError(this.#redact(message), {
      reason,
      baseURL: this.baseURL,
      model: this.model,
      ...(status === undefined ? {} : { status }),
      ...(timedOut ? { timedOut } : {}),
    });
  }

  /** Gateways echo keys back in error bodies; no message of ours may carry one. */
  #redact(text: string): string {
    return this.#secrets.reduce((out, secret) => out.split(secret).join("[redacted]"), text);
  }
}

/** A log id that can go into a comment's marker; anything else a server sends is not kept. */
function logIdOf(headers: Headers): string | undefined {
  const value = headers.get(LOG_ID_HEADER)?.trim();
  return value && LOG_ID_PATTERN.test(value) ? value : undefined;
}

function excerptOf(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return JSON.stringify(flat.length > 200 ? `${flat.slice(0, 200)}...` : flat);
}

function seconds(ms: number): string {
  return `${Math.ceil(ms / 1000)} s`;
}

function positiveInteger(name: string, value: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new Error(`Model client option ${name} must be a whole number from 1 to ${max}, got ${value}.`);
  }
  return value;
}

function nonNegativeInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 0) throw new Error(`Model client option ${name} must be a whole number, got ${value}.`);
  return value;
}
