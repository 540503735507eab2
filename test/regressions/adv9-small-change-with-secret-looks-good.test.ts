/**
 * Regression: a small change gets one call and no summary pass, so its overview is that
 * call's own summary, written by a model that never saw the secrets the change commits
 * (they are redacted first). A change adding a live key read "Changes requested" over
 * "Adds two constants. Looks good." with nothing in between. The overview now says first
 * that the change commits secrets the model's summary does not weigh.
 */
import { expect, it } from "vitest";
import { createRepo } from "../support/git-repo.js";
import { reply, startModelServer } from "../support/model-server.js";
import { runCli } from "../support/run-cli.js";

async function reviewSmallChange(added: string) {
  const repo = createRepo();
  const server = await startModelServer(() => reply.json({ summary: "Adds two constants. Looks good.", comments: [] }));
  try {
    repo.write("src/config.ts", "export const region = 'eu';\n");
    const base = repo.commit("base");
    repo.write("src/config.ts", `export const region = 'eu';\n${added}`);
    repo.commit("head");
    const run = await runCli(["review", "--base", base, "--format", "json"], {
      cwd: repo.dir,
      env: { ...repo.env, OPENAI_BASE_URL: server.baseURL, OPENAI_API_KEY: "sk-test-loopback" },
    });
    return { review: JSON.parse(run.stdout), requests: server.requests.length };
  } finally {
    await server.close();
    repo.cleanup();
  }
}

it("says the model's summary does not weigh the secrets the change commits", async () => {
  const { review, requests } = await reviewSmallChange(
    "export const awsKey = 'AKIAIOSFODNN7EXAMPLQ';\nexport const stripe = 'sk_live_51HxYzABCdefGHIjklMNOpqrSTUvwxYZ0123456789';\n",
  );

  expect(requests).toBe(1);
  expect(review.summaryPass).toEqual({ model: null, outcome: "small-change" });
  expect(review.verdict).toBe("request_changes");
  expect(review.overview).toBe(
    "This change commits 2 secrets, listed with the findings. The model never saw them (secrets are redacted before anything is sent), " +
      "so its summary below does not weigh them.\n\nAdds two constants. Looks good.",
  );
  expect(review.summary).toContain(review.overview);
});

it("a small change without a secret keeps the model's summary as it is", async () => {
  const { review } = await reviewSmallChange("export const zone = 'b';\n");
  expect(review.overview).toBe("Adds two constants. Looks good.");
});
