/**
 * The Action and the app treat a pull request's state differently from what the README
 * promises:
 * - `/review` on a closed (or merged) pull request ran a whole paid review and posted it on
 *   a change nobody can act on any more; the app's pull request events check `state`, the
 *   comment path (app and Action) did not. It should answer with a notice and no model call.
 * - The Action skipped every draft, even where the base's `.ai-review.yml` says
 *   `review_drafts: true`, which the app honours (README: drafts are skipped "unless the
 *   base branch's `.ai-review.yml` says `review_drafts: true`").
 */
import { afterEach, describe, expect, it } from "vitest";
import { commentEvent, pullRequestEvent, runInProcess, startActionFixture, type ActionFixture } from "../entries/action/action-fixture.js";

let fixture: ActionFixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});


describe("regression: pull request state in the Action", () => {
  it("does not review a closed pull request on /review", async () => {
    fixture = await startActionFixture();
    const { pull } = fixture;
    pull.state = "closed";
    const comment = pull.addIssueComment("carol", "/review full");
    const run = await runInProcess(fixture.env("issue_comment", commentEvent(pull, comment, "COLLABORATOR")));
    expect(run.code).toBe(0);
    expect(fixture.model.requests).toHaveLength(0);
    expect(pull.reviews).toHaveLength(0);
  });

  it("reviews a draft when the base's .ai-review.yml says review_drafts: true", async () => {
    fixture = await startActionFixture(undefined, { baseConfig: "review_drafts: true\n" });
    const { pull } = fixture;
    pull.draft = true;
    const run = await runInProcess(fixture.env("pull_request", pullRequestEvent("opened", pull, { draft: true })));
    expect(run.code).toBe(0);
    expect(pull.reviews).toHaveLength(1);
  });
});
