/**
 * `GET /metrics` of every `ai-review serve` process, in Prometheus' text format
 * (prom-client): what an operator watches to size workers and spot trouble. Each process
 * counts what it did (a web its deliveries, a worker its reviews); the queue depth is the
 * shared queue's, read when scraped.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { QueueStats } from "../../queue/review-queue.js";
import type { ReviewFlowResult } from "../../review-flow.js";

/** What a delivery came to: handled, a repeat, refused (4xx), unavailable (503: Redis away), failed (5xx). */
export type DeliveryOutcome = "handled" | "duplicate" | "refused" | "unavailable" | "failed";

export class ServeMetrics {
  readonly registry = new Registry();
  private readonly deliveries = new Counter({ name: "ai_review_deliveries_total", help: "Webhook deliveries by forge event and outcome", labelNames: ["event", "outcome"], registers: [this.registry] });
  private readonly reviewSeconds = new Histogram({
    name: "ai_review_review_duration_seconds",
    help: "Wall time of one review run, from start to published or failed",
    labelNames: ["forge", "outcome"],
    buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1200],
    registers: [this.registry],
  });
  private readonly tokens = new Counter({ name: "ai_review_model_tokens_total", help: "Model tokens used by published reviews", labelNames: ["kind"], registers: [this.registry] });
  private readonly cost = new Counter({ name: "ai_review_model_cost_usd_total", help: "Model cost of published reviews in US dollars (where prices are known)", registers: [this.registry] });
  private readonly errors = new Counter({ name: "ai_review_errors_total", help: "Errors by where they came from (forge, model, queue) and kind", labelNames: ["source", "kind"], registers: [this.registry] });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: "ai_review_" });
  }

  /** The queue depth, read when scraped: on Redis it is the whole deployment's, not this process's. */
  watchQueue(queueStats: () => Promise<QueueStats>): void {
    if (this.registry.getSingleMetric("ai_review_queue_jobs")) return;
    new Gauge({
      name: "ai_review_queue_jobs",
      help: "Review jobs in the queue by state (waiting, running)",
      labelNames: ["state"],
      registers: [this.registry],
      async collect() {
        try {
          const stats = await queueStats();
          this.set({ state: "waiting" }, stats.waiting);
          this.set({ state: "running" }, stats.running);
        } catch {
          // Redis away: the depth is unknown, not zero; /readyz says why.
          this.reset();
        }
      },
    });
  }

  delivery(event: string, outcome: DeliveryOutcome): void {
    this.deliveries.inc({ event, outcome });
  }

  /** One run of a review ended; `seconds` of wall time. */
  reviewEnded(forge: string, outcome: "published" | "failed" | "retried", seconds: number): void {
    this.reviewSeconds.observe({ forge, outcome }, seconds);
  }

  /** A published review: its tokens, cost, and the model errors of the parts that failed. */
  reviewed({ review }: Pick<ReviewFlowResult, "review">): void {
    this.tokens.inc({ kind: "prompt" }, review.usage.promptTokens);
    this.tokens.inc({ kind: "completion" }, review.usage.completionTokens);
    if (review.usage.costUsd !== null) this.cost.inc(review.usage.costUsd);
    for (let i = 0; i < review.failedChunks.length; i++) this.errors.inc({ source: "model", kind: "failed_part" });
  }

  /** A failed run: where its error came from and its kind (an HTTP status, or the error's name). */
  error(error: unknown): void {
    this.errors.inc(errorLabels(error));
  }

  async text(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}

/** The model's errors are `ModelCallError` / `ModelAnswerError`; the queue's `QueueUnavailableError`; the rest come from the forges. */
export function errorLabels(error: unknown): { source: string; kind: string } {
  const named = error as { name?: string; status?: number; reason?: string; cause?: { status?: number } } | null;
  const name = named?.name ?? "Error";
  if (name === "ModelCallError" || name === "ModelAnswerError") return { source: "model", kind: named?.reason ?? name };
  if (name === "QueueUnavailableError") return { source: "queue", kind: "unavailable" };
  const status = named?.status ?? named?.cause?.status;
  return { source: "forge", kind: typeof status === "number" ? String(status) : name };
}
