/**
 * A set that forgets its oldest entries past a capacity: memory a long-running server may
 * keep of what comes from outside (the people it refused), which must not grow without
 * bound however many there are. Forgetting costs little: what is forgotten is asked of
 * GitHub again.
 */
export class BoundedSet {
  private readonly entries = new Set<string>();

  constructor(private readonly capacity: number) {
    if (!(capacity >= 1)) throw new RangeError(`a bounded set holds at least one entry, not ${capacity}`);
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  add(key: string): void {
    // Re-adding moves an entry to the newest end, so a repeated key is the last forgotten.
    this.entries.delete(key);
    this.entries.add(key);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.values().next().value!);
  }

  get size(): number {
    return this.entries.size;
  }
}
