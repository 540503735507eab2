/**
 * Regression: behind an authenticated Cloudflare AI Gateway, a CF_AIG_TOKEN that expanded
 * to nothing (a CI secret a fork's run cannot read) sent no `cf-aig-authorization`, the
 * gateway answered 401 `{"error": [{"code": 2009, "message": "Unauthorized"}]}`, and the
 * review said only "The API key was rejected ... Check OPENAI_API_KEY": the gateway's own
 * words were dropped, and the token was never named. Now the message carries what the
 * gateway said and names both.
 */
import { expect, it } from "vitest";
import { reply, type RecordedRequest } from "../support/model-server.js";
import { PROVIDER_KEY, modelServer, reviewThrough } from "../llm/gateway-harness.js";

/** An authenticated gateway: no token, no entry. */
const authenticatedGateway = (request: RecordedRequest) =>
  request.headers["cf-aig-authorization"]
    ? reply.json({ summary: "Reviewed.", comments: [] })
    : reply.status(401, { body: { success: false, result: [], messages: [], error: [{ code: 2009, message: "Unauthorized" }] } });

it("names CF_AIG_TOKEN and says what the gateway answered", async () => {
  const server = await modelServer(authenticatedGateway);
  const { review } = await reviewThrough(server, {
    basePath: "/v1/acc-123/review-gw/openai",
    config: "gateway: cloudflare\n",
    env: { OPENAI_API_KEY: PROVIDER_KEY, CF_AIG_TOKEN: "" },
  });

  expect(server.requests).toHaveLength(1);
  expect(server.requests[0]!.headers["cf-aig-authorization"]).toBeUndefined();
  const error = review.failedChunks[0]!.error;
  expect(error).toContain("(401 2009: Unauthorized)");
  expect(error).toContain("Check OPENAI_API_KEY; behind an authenticated Cloudflare AI Gateway, also CF_AIG_TOKEN");
  expect(error).not.toContain(PROVIDER_KEY);
});
