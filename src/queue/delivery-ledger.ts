/**
 * Webhook deliveries already handled, remembered for a while. GitHub redelivers a webhook
 * (automatically after a timeout, or when someone presses "Redeliver") with the same
 * `X-GitHub-Delivery` id, and Probot does not deduplicate: without this a redelivery would
 * start a second review of the same push. Pure: the time is a parameter.
 */
export class DeliveryLedger {
  // Insertion order is claim order, and claims come in time order: the oldest are first.
  private readonly seen = new Map<string, number>();

  constructor(private readonly ttlMs: number) {
    if (!(ttlMs > 0)) throw new RangeError(`the delivery TTL must be a positive number of milliseconds, not ${ttlMs}`);
  }

  /** True the first time an id is claimed within the TTL; false for a repeat. */
  claim(deliveryId: string, now: number): boolean {
    this.forgetExpired(now);
    if (this.seen.has(deliveryId)) return false;
    this.seen.set(deliveryId, now);
    return true;
  }

  /** Forgets a claim, so a redelivery of it is handled again (its first handling failed). */
  release(deliveryId: string): void {
    this.seen.delete(deliveryId);
  }

  get size(): number {
    return this.seen.size;
  }

  private forgetExpired(now: number): void {
    for (const [id, at] of this.seen) {
      if (now - at < this.ttlMs) break;
      this.seen.delete(id);
    }
  }
}
