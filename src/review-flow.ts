/**
 * The one flow every entry runs (CLI, GitHub App, GitHub Action, GitLab CI job and
 * webhook): an entry builds a change source and a publisher, calls `runReviewFlow`, and
 * turns the result into its exit code or answer. Nothing here knows which forge it is.
 *
 * 1. `publisher.previous()`: what the bot posted before (the head it reviewed, fingerprints, findings);
 * 2. the config at the source's base (or an explicit file), the environment, the overrides;
 * 3. the change: only what changed since the previous head when incremental (the whole
 *    change when its base is no longer the one that review saw, nor a later commit of it);
 * 4. `.gitattributes` and the instruction files at the base; select, redact, plan;
 * 5. the model reviews it; findings already posted are dropped, and the earlier findings
 *    that still apply (on files not reviewed again, or found again) are listed in the summary;
 * 6. `publisher.publish(review, state)` with the state for the next run.
 */
import pLimit from "p-limit";
import { ConfigError, type Config, type ConfigInput, type ConfigText } from "./config.js";
import { leftCodeUnseen } from "./core/left-code-unseen.js";
import { carriedOfReview } from "./core/carried-findings.js";
import { modelRoutes } from "./core/model-routes.js";
import type { PlanReport } from "./core/render-plan.js";
import type { ReviewState } from "./core/review-marker.js";
import type { Review } from "./core/review-result.js";
import type { Change, ChangeSource } from "./forges/change-source.js";
import type { PublishResult, ReviewPublisher } from "./forges/review-publisher.js";
import { gatewayClientOptions, type GatewayClientOptions, type GatewayMetadata } from "./llm/gateway-options.js";
import { ModelClient } from "./llm/model-client.js";
import { ModelRouter } from "./llm/model-router.js";
import { outputCapField } from "./llm/output-cap-field.js";
import type { ReviewModel } from "./llm/review-model.js";
import { planChange } from "./plan-change.js";
import { reviewChange, type ReviewProgress } from "./review.js";

/** The OpenAI SDK's own default, named here so messages can say which URL was tried. */
const DEFAULT_BASE_URL = "https://api.openai.com/v1";

export interface ReviewFlowInput {
  source: ChangeSource;
  publisher: ReviewPublisher;
  env: NodeJS.ProcessEnv;
  /** Flags or Action inputs: they win over the environment and the config file. */
  overrides?: Partial<ConfigInput>;
  /** Keys the config file may not set (see loadConfig): `ai-review serve` keeps its gateway and secrets. */
  fileMayNotSet?: readonly (keyof ConfigInput)[];
  /** A config file named explicitly (CLI `--config`); absent or null: `.ai-review.yml` at the source's base. */
  configFile?: ConfigText | null;
  /**
   * `incremental` (default) reviews only what changed since the previous review's head;
   * `full` reviews the whole change. Either way, a finding already posted is not posted again.
   */
  mode?: "incremental" | "full";
  /** Default: a ModelClient built from the config (a missing OpenAI key is refused first). */
  model?: ReviewModel;
  /** What the entry knows for the gateway's logs (repository, change number, trigger, version); the flow adds the head. */
  gatewayMetadata?: Omit<GatewayMetadata, "head">;
  /** The wait between model retries of the default ModelClient; tests pass one that returns at once. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** The change is read and planned; nothing has been sent yet. */
  onPlanned?: (planned: { config: Config; change: Change; report: PlanReport }) => void;
  /** A part of the review finished. */
  onProgress?: (progress: ReviewProgress) => void;
  /** The model's work is done; publishing starts. */
  onReviewed?: (review: Review) => void;
  /**
   * Publishing failed (the forge down, a token that expired mid-review): the entry prints
   * the findings in its log, so that none is lost, before the error goes on to it.
   */
  onNotPosted?: (review: Review, error: unknown) => void;
  /** Milliseconds on a monotonic clock, for the review's wall time. */
  now?: () => number;
}

export interface ReviewFlowResult {
  review: Review;
  published: PublishResult;
  config: Config;
  change: Change;
  /** What the next run starts from: also what `publish` was given. */
  state: ReviewState;
  /** The plan the review followed (files, skips, parts). */
  report: PlanReport;
}

export async function runReviewFlow(input: ReviewFlowInput): Promise<ReviewFlowResult> {
  const { publisher } = input;
  const previous = await publisher.previous();
  // After a review that left code unseen, the whole change again: see leftCodeUnseen.
  const since = input.mode === "full" || previous.state?.partial ? undefined : previous.state?.head;
  const sinceBase = since !== undefined ? previous.state?.base : undefined;
  const planned = await planChange({
    source: input.source,
    env: input.env,
    overrides: input.overrides,
    ...(input.fileMayNotSet ? { fileMayNotSet: input.fileMayNotSet } : {}),
    configFile: input.configFile,
    ...(since !== undefined ? { since } : {}),
    // With it, the source can tell that the change was retargeted since and read it whole.
    ...(sinceBase ? { sinceBase } : {}),
  });
  const { config, change, prepared, report, context, templates } = planned;
  input.onPlanned?.({ config, change, report });
  const model =
    input.model ??
    modelFromConfig(
      config,
      prepared.chunks.length,
      input.sleep,
      gatewayClientOptions(config, input.env, { ...input.gatewayMetadata, head: change.headSha }),
    );
  const review = await reviewChange({
    prepared,
    config,
    model,
    templates,
    context,
    base: change.baseSha,
    head: change.headSha,
    previousFingerprints: previous.fingerprints,
    earlierFindings: previous.findings,
    incremental: change.incremental,
    ...(input.onProgress ? { onProgress: input.onProgress } : {}),
    ...(input.now ? { now: input.now } : {}),
  });
  input.onReviewed?.(review);
  const state = nextState(previous, change, review);
  let published: PublishResult;
  try {
    published = await publisher.publish(review, state, change);
  } catch (error) {
    input.onNotPosted?.(review, error);
    throw error;
  }
  return { review, published, config, change, state, report };
}

/**
 * Everything posted so far, this review's findings added: those already posted are not in
 * the review (dedupe dropped them), so none is lost and none counted twice. A source with
 * no revisions (a diff file) has no head; its state is never read back. A review that left
 * code unseen is `partial`: the next run reviews the whole change, not what came after it.
 *
 * A review with a failed part did not review its head: the state keeps the head of the
 * last complete review (the base when there was none), so the next run reviews again what
 * this one could not, and dedupe keeps what it did post from being posted twice.
 */
function nextState(previous: { state: ReviewState | null; fingerprints: ReadonlySet<string> }, change: Change, review: Review): ReviewState {
  const fingerprints = new Set(previous.fingerprints);
  for (const finding of [...review.comments, ...review.summaryOnly]) fingerprints.add(finding.fingerprint);
  const reviewed = review.failedChunks.length > 0 ? (previous.state?.head ?? change.baseSha) : change.headSha;
  const carried = carriedOfReview(review);
  return {
    head: reviewed ?? "",
    base: change.baseSha,
    fingerprints: [...fingerprints],
    ...(leftCodeUnseen(review) ? { partial: true as const } : {}),
    ...(carried.length ? { carried } : {}),
  };
}

/**
 * One client per model the review may use (`model`, `fallback_models`, `summary_model`),
 * sharing one limiter so `concurrency` holds for all together, behind a router.
 */
function modelFromConfig(config: Config, parts: number, sleep: ReviewFlowInput["sleep"], gateway: GatewayClientOptions): ModelRouter {
  if (!config.base_url && !config.api_key && parts > 0) {
    // OpenAI itself always wants a key; failing here saves four retries and a confusing 401.
    throw new ConfigError(
      "no API key for OpenAI: set OPENAI_API_KEY, or set OPENAI_BASE_URL to a gateway that needs none (such as Ollama)",
    );
  }
  const limit = pLimit(config.concurrency);
  const clients = new Map<string, ModelClient>();
  const client = (model: string) => {
    let made = clients.get(model);
    if (!made) {
      made = new ModelClient({
        baseURL: config.base_url ?? DEFAULT_BASE_URL,
        apiKey: config.api_key,
        model,
        maxTokens: config.max_output_tokens,
        timeoutMs: config.timeout_ms,
        maxRetries: config.max_retries,
        limit,
        responseFormat: config.response_format,
        ...gateway,
        // Each model by its own name: a fallback may be a reasoning model when the first is not.
        outputCapField: outputCapField(model, config.max_tokens_field),
        ...(sleep ? { sleep } : {}),
      });
      clients.set(model, made);
    }
    return { name: model, model: made };
  };
  const routes = modelRoutes(config);
  return new ModelRouter({ review: routes.review.map(client), summary: routes.summary.map(client) });
}
