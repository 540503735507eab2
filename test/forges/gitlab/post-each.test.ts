import { describe, expect, it } from "vitest";
import { allPages } from "../../../src/forges/gitlab/all-pages.js";
import { postEach } from "../../../src/forges/gitlab/post-each.js";

class Refused extends Error {
  constructor(readonly status: number) {
    super(`status ${status}`);
  }
}
const refusal = (error: unknown) => (error instanceof Refused && error.status === 400 ? "line_code can't be blank" : null);

describe("postEach", () => {
  it("posts every item once, a few at a time, and hands back the ones refused on their own, in order", async () => {
    let inFlight = 0;
    let most = 0;
    const calls: number[] = [];
    const result = await postEach(
      [1, 2, 3, 4, 5, 6, 7, 8],
      async (n) => {
        calls.push(n);
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise((resolve) => setImmediate(resolve));
        inFlight--;
        if (n === 6 || n === 3) throw new Refused(400);
      },
      { concurrency: 3, refusal },
    );
    expect(most).toBe(3);
    expect(calls.sort()).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(result.posted).toEqual([1, 2, 4, 5, 7, 8]);
    expect(result.refused).toEqual([
      { item: 3, reason: "line_code can't be blank" },
      { item: 6, reason: "line_code can't be blank" },
    ]);
    expect(result.writeCalls).toBe(8);
  });

  it("stops starting calls after a failure that is not about the item, and throws it", async () => {
    const calls: number[] = [];
    const failing = postEach(
      [1, 2, 3, 4, 5],
      async (n) => {
        calls.push(n);
        if (n === 2) throw new Refused(401);
      },
      { concurrency: 1, refusal },
    );
    await expect(failing).rejects.toThrow("status 401");
    expect(calls).toEqual([1, 2]);
  });
});

describe("allPages", () => {
  it("follows X-Next-Page until there is none", async () => {
    const asked: number[] = [];
    const items = await allPages(async (page) => {
      asked.push(page);
      return { data: [page * 10, page * 10 + 1], paginationInfo: { next: page < 3 ? page + 1 : null } };
    });
    expect(asked).toEqual([1, 2, 3]);
    expect(items).toEqual([10, 11, 20, 21, 30, 31]);
  });

  it("stops when a server points back at a page already read", async () => {
    const items = await allPages(async (page) => ({ data: [page], paginationInfo: { next: 1 } }));
    expect(items).toEqual([1]);
  });
});
