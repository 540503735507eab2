/**
 * The real octokit (`@octokit/rest` with plugin-retry and plugin-throttling) pointed at the
 * test server, set up so tests never wait real seconds: every "wait N seconds" of the
 * plugins becomes N milliseconds (`retryAfterBaseValue: 1`), and plugin-throttling's own
 * spacing of writes (1 s between writes, 3 s between writes that notify) is replaced by
 * limiters without spacing. Everything else (which answers are retried, how many times,
 * what a secondary limit triggers) is the plugins' own behaviour.
 */
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import { Octokit } from "@octokit/rest";
import Bottleneck from "bottleneck";

export const TestOctokit = Octokit.plugin(retry, throttling);
export type TestOctokit = InstanceType<typeof TestOctokit>;

export interface LimitEvent {
  kind: "secondary" | "primary";
  /** Seconds the plugin was told to wait. */
  retryAfter: number;
  route: string;
  retryCount: number;
}

export interface TestOctokitHandle {
  octokit: TestOctokit;
  /** Every rate-limit event plugin-throttling reported, in order. */
  limits: LimitEvent[];
  /** What octokit logged at warn and error level. */
  logged: string[];
}

/**
 * `retriesOnLimit`: how many times a rate-limited request is retried (default 3), the
 * decision an adapter makes in its `onSecondaryRateLimit`/`onRateLimit` handlers.
 */
export function createTestOctokit(baseUrl: string, token: string, options: { retriesOnLimit?: number } = {}): TestOctokitHandle {
  const limits: LimitEvent[] = [];
  const logged: string[] = [];
  const retriesOnLimit = options.retriesOnLimit ?? 3;
  const onLimit = (kind: LimitEvent["kind"]) => (retryAfter: number, request: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
    limits.push({ kind, retryAfter, route: `${request.method} ${request.url}`, retryCount });
    return retryCount < retriesOnLimit;
  };
  const octokit = new TestOctokit({
    auth: token,
    baseUrl,
    log: { debug: () => {}, info: () => {}, warn: (message: string) => void logged.push(message), error: (message: string) => void logged.push(message) },
    retry: { retryAfterBaseValue: 1 },
    throttle: {
      ...unspacedThrottleGroups(),
      retryAfterBaseValue: 1,
      onSecondaryRateLimit: onLimit("secondary"),
      onRateLimit: onLimit("primary"),
    },
  });
  return { octokit, limits, logged };
}

/**
 * plugin-throttling's limiter groups without the minimum time between requests. Pass these
 * in `throttle` of any octokit a test builds (the adapter should accept throttle options for
 * this reason), or writes are spaced by real seconds.
 */
export function unspacedThrottleGroups() {
  return {
    global: new Bottleneck.Group({ maxConcurrent: 10 }),
    auth: new Bottleneck.Group({ maxConcurrent: 1 }),
    search: new Bottleneck.Group({ maxConcurrent: 1 }),
    write: new Bottleneck.Group({ maxConcurrent: 1 }),
    notifications: new Bottleneck.Group({ maxConcurrent: 1 }),
  };
}
