// A hung gateway gave minutes of silence in a CI log: progress was shown only on a
// terminal. Now standard error that is not a terminal gets a heartbeat every 30 s while
// the review waits, and the heartbeat stops when the review ends.
import { describe, expect, it } from "vitest";
import { fakeTimers } from "../support/fake-timers.js";
import { createRepo } from "../support/git-repo.js";
import { HeldReplies } from "../support/held-replies.js";
import { reply, startModelServer } from "../support/model-server.js";
import { runCli } from "../support/run-cli.js";

describe("regression: a hung gateway is silent in a CI log", () => {
  it("prints a heartbeat every 30 s while the model does not answer, and stops it after", async () => {
    const repo = createRepo();
    const held = new HeldReplies();
    const server = await startModelServer(held.handler);
    try {
      repo.write("a.ts", "export const a = 1;\n");
      repo.commit("base");
      repo.git("checkout", "-q", "-b", "feature");
      repo.write("a.ts", "export const a = 2;\n");
      repo.commit("change");
      const clock = fakeTimers();
      const run = runCli(["review", "--format", "json"], {
        cwd: repo.dir,
        env: { ...repo.env, OPENAI_BASE_URL: server.baseURL, AI_REVIEW_MODEL: "m" },
        tty: false,
        timers: clock.timers,
      });

      await held.arrived(1);
      clock.advance(95_000); // the gateway hangs for 95 s
      held.release(reply.json({ summary: "ok", comments: [] }));
      const result = await run;

      expect(result.code).toBe(0);
      expect(result.stderr).toBe(
        [
          "still waiting for the model: 0 of 1 parts done, 30 s",
          "still waiting for the model: 0 of 1 parts done, 60 s",
          "still waiting for the model: 0 of 1 parts done, 90 s",
          "",
        ].join("\n"),
      );
      expect(clock.running).toBe(0);
    } finally {
      await server.close();
      repo.cleanup();
    }
  });
});
