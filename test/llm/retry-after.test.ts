import { describe, expect, it } from "vitest";
import { backoffDelay } from "../../src/llm/backoff-delay.js";
import { parseRetryAfter } from "../../src/llm/retry-after.js";

describe("parseRetryAfter", () => {
  const now = Date.parse("2025-01-01T00:00:00Z");

  it("prefers retry-after-ms", () => {
    expect(parseRetryAfter(new Headers({ "retry-after-ms": "250", "retry-after": "9" }), now)).toBe(250);
  });

  it("reads seconds", () => {
    expect(parseRetryAfter(new Headers({ "retry-after": "2" }), now)).toBe(2000);
    expect(parseRetryAfter(new Headers({ "retry-after": "0.5" }), now)).toBe(500);
  });

  it("reads an HTTP date, never negative", () => {
    expect(parseRetryAfter(new Headers({ "retry-after": "Wed, 01 Jan 2025 00:00:30 GMT" }), now)).toBe(30_000);
    expect(parseRetryAfter(new Headers({ "retry-after": "Tue, 31 Dec 2024 23:59:00 GMT" }), now)).toBe(0);
  });

  it("returns undefined when there is nothing usable", () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter(new Headers(), now)).toBeUndefined();
    expect(parseRetryAfter(new Headers({ "retry-after": "soon" }), now)).toBeUndefined();
    expect(parseRetryAfter(new Headers({ "retry-after-ms": "-5" }), now)).toBeUndefined();
  });
});

describe("backoffDelay", () => {
  const options = { baseMs: 500, capMs: 30_000 };

  it("doubles the ceiling per retry up to the cap", () => {
    const top = () => 0.999999;
    expect([0, 1, 2, 3, 10].map((retry) => backoffDelay(retry, { ...options, random: top }))).toEqual([499, 999, 1999, 3999, 29_999]);
  });

  it("draws anywhere from zero (full jitter)", () => {
    expect(backoffDelay(4, { ...options, random: () => 0 })).toBe(0);
    expect(backoffDelay(1, { ...options, random: () => 0.5 })).toBe(500);
  });
});
