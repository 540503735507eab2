/**
 * Every `/review` by someone without write access got its own reply from the bot: an
 * outsider commenting `/review` a hundred times on a public pull request made the app
 * write a hundred comments under its name (each also a permission lookup), flooding the
 * conversation and spending the installation's write quota and secondary rate limit,
 * which the real reviews then wait behind. The refusal is meant to be "one short reply":
 * once per person and pull request is enough (later commands by the same person are
 * ignored, or get a reaction at most).
 */
import { afterEach, describe, expect, test } from "vitest";
import { commentPayload, type Harness, startHarness } from "../serve/serve-harness.js";

let open: Harness | undefined;
afterEach(async () => {
  await open?.close();
  open = undefined;
});

describe("regression: an outsider's repeated /review makes the bot reply every time", () => {
  test("three /review comments by an outsider get one reply, and no review", async () => {
    open = await startHarness();
    const h = open;
    for (const body of ["/review", "/review full", "/review full"]) {
      const comment = h.pull.addIssueComment("mallory", body);
      expect((await h.send("issue_comment", commentPayload(h.pull, comment))).status).toBe(200);
    }
    await h.server.queue.drain();
    expect(h.runs).toHaveLength(0);
    const replies = h.pull.issueComments.filter((c) => c.user.login === "ai-review[bot]");
    expect(replies).toHaveLength(1);
  });
});
