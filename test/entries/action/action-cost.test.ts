/**
 * What the Action reports of the review's cost (the `cost` output, the step summary) and
 * what it tells the gateway about the run (`cf-aig-metadata`, as the CLI does).
 */
import { afterEach, describe, expect, it } from "vitest";
import { PACKAGE_VERSION } from "../../../src/entries/package-version.js";
import { reply } from "../../support/model-server.js";
import { pullRequestEvent, runInProcess, startActionFixture, type ActionFixture } from "./action-fixture.js";

let fixture: ActionFixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

/** One answer with fixed token counts: 1,000 prompt and 100 completion. */
const counted = () =>
  reply.content(JSON.stringify({ summary: "Switches to an index loop.", comments: [] }), { usage: { prompt_tokens: 1_000, completion_tokens: 100 } });

const output = (outputs: string, name: string) => new RegExp(`^${name}<<(ai-review-[\\w-]+)\\n(.*)\\n\\1$`, "m").exec(outputs)?.[2];

describe("the GitHub Action's cost", () => {
  it("sets the cost output in US dollars, from the config's prices at the base", async () => {
    fixture = await startActionFixture(counted, { baseConfig: "prices:\n  review-model: { input: 1, output: 2 }\n" });
    const run = await runInProcess(fixture.env("pull_request", pullRequestEvent("opened", fixture.pull)));
    expect(run.code).toBe(0);
    expect(fixture.model.requests).toHaveLength(1);
    // (1,000 x $1 + 100 x $2) per million tokens.
    expect(output(fixture.outputs(), "cost")).toBe("0.001200");
    expect(fixture.stepSummary()).toContain("about $0.0012");
    expect(fixture.pull.issueComments[0]!.body).toContain("about $0.0012");
  });

  it("leaves the cost output empty, never 0, when the model has no price, and says why in the summary", async () => {
    fixture = await startActionFixture(counted);
    await runInProcess(fixture.env("pull_request", pullRequestEvent("opened", fixture.pull)));
    expect(output(fixture.outputs(), "cost")).toBe("");
    expect(fixture.pull.issueComments[0]!.body).toContain("cost unknown (no price for `review-model`: add it to prices in .ai-review.yml)");
  });

  it("tells Cloudflare AI Gateway the repository, the pull request, the head, the trigger and the version", async () => {
    fixture = await startActionFixture(counted);
    const { pull } = fixture;
    await runInProcess({ ...fixture.env("pull_request_target", pullRequestEvent("opened", pull)), AI_REVIEW_GATEWAY: "cloudflare" });
    expect(fixture.model.requests).toHaveLength(1);
    expect(JSON.parse(String(fixture.model.requests[0]!.headers["cf-aig-metadata"]))).toEqual({
      repository: "acme/widgets",
      change: String(pull.number),
      head: pull.headShas.at(-1),
      trigger: "pull_request_target",
      version: PACKAGE_VERSION,
    });
  });
});
