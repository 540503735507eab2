/**
 * The gateway's log id (`cf-aig-log-id`) of each call, carried to the findings of that
 * call: in the JSON review and in each inline comment's hidden marker, read back by the
 * next run, so feedback on a comment can be traced to the call's log.
 */
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { patchesToDiff } from "../../src/core/patches-to-diff.js";
import { readFindingMarker, readFindingMarkers } from "../../src/core/review-marker.js";
import type { Review } from "../../src/core/review-result.js";
import { reviewCommentPayload } from "../../src/forges/github/review-comment-payload.js";
import { StdoutPublisher } from "../../src/forges/local/stdout-publisher.js";
import { reply, type RecordedRequest } from "../support/model-server.js";
import { OFF_BY_ONE, PROVIDER_KEY, TOTAL, modelServer, reviewThrough } from "./gateway-harness.js";

const NAMES = patchesToDiff([
  { path: "src/names.ts", oldPath: "src/names.ts", status: "added", patch: '@@ -0,0 +1,2 @@\n+export const first = "a";\n+export const second = "b";\n' },
]);
const NAME = { path: "src/names.ts", line: 1, severity: "major", title: "Name", body: "Call it `firstName`." };

const sent = (r: RecordedRequest) => r.body.messages.map((m) => m.content).join("\n");
const logIdOf = (r: RecordedRequest) => `01JLOG${String(r.index).padStart(4, "0")}`;

/** Comments on whichever file it is shown, and a log id per call, as Cloudflare answers. */
function gateway(request: RecordedRequest) {
  const headers = { "cf-aig-log-id": logIdOf(request) };
  const text = sent(request);
  if (text.includes("Write the overall summary")) return reply.content(JSON.stringify({ summary: "Overall." }), { headers });
  const comments = [...(text.includes("src/total.ts") ? [OFF_BY_ONE] : []), ...(text.includes("src/names.ts") ? [NAME] : [])];
  return reply.content(JSON.stringify({ summary: "Reviewed.", comments }), { headers });
}

const ENV = { AI_REVIEW_GATEWAY: "cloudflare", OPENAI_API_KEY: PROVIDER_KEY };
const PROVIDER_PATH = "/v1/acc-123/review-gw/openai";

describe("the gateway's log id", () => {
  it("each finding carries the log id of the call that raised it, in the JSON review and in its marker", async () => {
    const server = await modelServer(gateway);
    // A tiny request budget puts each file in its own request.
    const { review } = await reviewThrough(server, { basePath: PROVIDER_PATH, env: ENV, diffText: TOTAL + NAMES, config: "request_token_budget: 120\n" });

    const chunkRequests = server.requests.filter((r) => !sent(r).includes("Write the overall summary"));
    expect(chunkRequests).toHaveLength(2);
    const expected = (path: string) => logIdOf(chunkRequests.find((r) => sent(r).includes(path))!);
    expect(new Set([expected("src/total.ts"), expected("src/names.ts")]).size).toBe(2);

    const json = JSON.parse(await printedJson(review)) as { comments: Array<{ path: string; logId?: string; fingerprint: string }> };
    expect(json.comments.map((c) => [c.path, c.logId])).toEqual([
      ["src/names.ts", expected("src/names.ts")],
      ["src/total.ts", expected("src/total.ts")],
    ]);

    for (const comment of review.comments) {
      const { body } = reviewCommentPayload(comment);
      expect(readFindingMarkers(body)).toEqual({ fingerprint: comment.fingerprint, logId: expected(comment.path) });
      // A reader that knows only the fingerprint (an older ai-review) still reads it.
      expect(readFindingMarker(body)).toBe(comment.fingerprint);
    }
  });

  it("a repaired call's findings carry the log id of the repair, whose answer they come from", async () => {
    const server = await modelServer((request) =>
      request.index === 0
        ? reply.content("I think the loop is wrong.", { headers: { "cf-aig-log-id": "01JFIRST" } })
        : reply.content(JSON.stringify({ summary: "Reviewed.", comments: [OFF_BY_ONE] }), { headers: { "cf-aig-log-id": "01JREPAIR" } }),
    );
    const { review } = await reviewThrough(server, { basePath: PROVIDER_PATH, env: ENV });

    expect(server.requests).toHaveLength(2);
    expect(review.comments.map((c) => c.logId)).toEqual(["01JREPAIR"]);
  });

  it("without the header, findings have no logId and the marker is the one-line marker of before", async () => {
    const server = await modelServer();
    const { review } = await reviewThrough(server, { env: { OPENAI_API_KEY: PROVIDER_KEY } });

    expect(review.comments).toHaveLength(1);
    expect(review.comments[0]).not.toHaveProperty("logId");
    const { body } = reviewCommentPayload(review.comments[0]!);
    expect(body.split("\n")[0]).toBe(`<!-- ai-review:finding ${review.comments[0]!.fingerprint} -->`);
    expect(body).not.toContain("ai-review:log");
  });

  it("a log id that could break a marker is not kept", async () => {
    const server = await modelServer(() =>
      reply.content(JSON.stringify({ summary: "Reviewed.", comments: [OFF_BY_ONE] }), { headers: { "cf-aig-log-id": "x --> <b>hi</b>" } }),
    );
    const { review } = await reviewThrough(server, { basePath: PROVIDER_PATH, env: ENV });

    expect(review.comments).toHaveLength(1);
    expect(review.comments[0]).not.toHaveProperty("logId");
  });
});

async function printedJson(review: Review): Promise<string> {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on("data", (chunk: Buffer) => chunks.push(chunk));
  await new StdoutPublisher({ stream, format: "json", color: false }).publish(review);
  stream.end();
  return Buffer.concat(chunks).toString("utf8");
}
