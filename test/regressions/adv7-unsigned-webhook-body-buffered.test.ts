/**
 * `ai-review serve` read a webhook's whole body (up to 25 MB) into memory before looking at
 * `X-Hub-Signature-256`, even when the header was missing: anyone on the internet could
 * hold 25 MB of the server's memory per connection with requests that can never verify,
 * and a few hundred such connections exhaust it. A request without a signature (or with
 * one that is not `sha256=` and 64 hex digits) must be answered 401 before its body is
 * read; a body that claims more than GitHub's 25 MB must be refused from its
 * `Content-Length` alone.
 */
import { request } from "node:http";
import { afterEach, describe, expect, test } from "vitest";
import { type Harness, startHarness } from "../serve/serve-harness.js";

let open: Harness | undefined;
afterEach(async () => {
  await open?.close();
  open = undefined;
});

/** Sends the headers and `sent` bytes of a body announced as `announced` bytes; resolves with the status, or "no answer" after `waitMs`. */
function partialPost(url: string, headers: Record<string, string>, announced: number, sent: number, waitMs = 2_000): Promise<number | "no answer"> {
  return new Promise((resolve) => {
    const target = new URL("/api/github/webhooks", url);
    const req = request({ host: target.hostname, port: target.port, path: target.pathname, method: "POST", headers: { ...headers, "content-length": String(announced) } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
      req.destroy();
    });
    req.on("error", () => undefined);
    req.write(Buffer.alloc(sent, 0x7b));
    setTimeout(() => {
      resolve("no answer");
      req.destroy();
    }, waitMs);
  });
}

describe("regression: an unsigned webhook's body is read whole before it is refused", () => {
  test("a request without X-Hub-Signature-256 gets 401 without the server waiting for its 20 MB body", async () => {
    open = await startHarness();
    const status = await partialPost(open.server.url, { "content-type": "application/json", "x-github-event": "pull_request", "x-github-delivery": "d-big" }, 20 * 1024 * 1024, 1024);
    expect(status).toBe(401);
  });

  test("a body announced over GitHub's 25 MB limit is refused from its Content-Length", async () => {
    open = await startHarness();
    const status = await partialPost(
      open.server.url,
      { "content-type": "application/json", "x-github-event": "pull_request", "x-github-delivery": "d-huge", "x-hub-signature-256": `sha256=${"0".repeat(64)}` },
      100 * 1024 * 1024,
      1024,
    );
    expect(status).toBe(413);
  });
});
