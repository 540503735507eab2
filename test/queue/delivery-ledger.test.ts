import { describe, expect, it } from "vitest";
import { DeliveryLedger } from "../../src/queue/delivery-ledger.js";

describe("DeliveryLedger", () => {
  it("claims an id once within the TTL, again once it has expired", () => {
    const ledger = new DeliveryLedger(1_000);
    expect(ledger.claim("x", 0)).toBe(true);
    expect(ledger.claim("x", 999)).toBe(false);
    expect(ledger.claim("x", 1_000)).toBe(true);
  });

  it("forgets expired ids, so memory stays bounded by the TTL", () => {
    const ledger = new DeliveryLedger(100);
    for (let i = 0; i < 50; i++) ledger.claim(`id-${i}`, i * 10);
    expect(ledger.size).toBeLessThanOrEqual(11);
    expect(ledger.claim("id-49", 495)).toBe(false);
    expect(ledger.claim("id-0", 495)).toBe(true);
  });

  it("lets a released id be claimed again (its first handling failed)", () => {
    const ledger = new DeliveryLedger(1_000);
    ledger.claim("x", 0);
    ledger.release("x");
    expect(ledger.claim("x", 1)).toBe(true);
  });

  it("refuses a TTL that is not positive", () => {
    expect(() => new DeliveryLedger(0)).toThrow(/positive/);
  });
});
