import { describe, expect, it } from "vitest";
import { BoundedSet } from "../../src/entries/serve/bounded-set.js";

describe("BoundedSet", () => {
  it("forgets the oldest entry past its capacity; adding again makes an entry the newest", () => {
    const set = new BoundedSet(2);
    set.add("a");
    set.add("b");
    set.add("a");
    set.add("c");
    expect([set.has("a"), set.has("b"), set.has("c"), set.size]).toEqual([true, false, true, 2]);
  });

  it("refuses a capacity under one", () => {
    expect(() => new BoundedSet(0)).toThrow(/at least one entry/);
  });
});
