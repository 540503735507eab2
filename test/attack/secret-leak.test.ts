/**
 * Secrets never leave: a change that commits fresh fake secrets of every kind the corpus
 * knows (fixtures/secrets, filled with new values on each run), reviewed through the GitHub
 * Action and the GitLab CI job by a model that repeats back everything it is shown. Every
 * request the loopback model and forge received (bodies and headers) and everything the
 * entry printed (debug lines included) is searched: no secret of the change is anywhere, and
 * the run's own credentials (the model key, the forge token) only where they belong.
 */
import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { reply } from "../support/model-server.js";
import { fillCase } from "../secrets/fill-case.js";
import { loadCorpus } from "../secrets/load-corpus.js";
import { ATTACK_ENTRIES, type AttackChange, type AttackRun } from "./attack-worlds.js";

let run: AttackRun | undefined;
afterEach(async () => {
  await run?.close();
  run = undefined;
});

const seed = Number(process.env.AI_REVIEW_SEED ?? Date.now() % 2 ** 31);

/** Every positive case of the corpus that is a file, filled afresh, each in a folder of its own. */
function leakyChange(): { change: AttackChange; secrets: string[] } {
  const head: Record<string, string> = {};
  const secrets: string[] = [];
  for (const c of loadCorpus().filter((c) => c.label === "positive" && !c.diff)) {
    const filled = fillCase(c, seed);
    head[`leaks/${c.id}/${c.path}`] = filled.text.endsWith("\n") ? filled.text : `${filled.text}\n`;
    for (const secret of filled.secrets) secrets.push(...secret.parts.filter((part) => part.length >= 8));
  }
  return {
    change: { title: "Add settings", description: "Settings for every environment.", base: { "README.md": "# widgets\n" }, head, commitMessage: "Add settings" },
    secrets,
  };
}

/** The model repeats what it was shown: whatever of a secret reached it would reach the forge too. */
const ECHO = (request: { body: { messages: Array<{ content: string }> } }) =>
  reply.json({ summary: request.body.messages.map((m) => m.content).join("\n").slice(0, 20_000), comments: [] });

describe.each(ATTACK_ENTRIES)("secrets through the $name", ({ run: attack }) => {
  it("no secret of the change reaches the model, the forge or the log; the credentials go only where they belong", async () => {
    const { change, secrets } = leakyChange();
    const modelKey = `sk-proj-${randomBytes(24).toString("base64url")}`;
    run = await attack(change, ECHO, { "INPUT_API-KEY": modelKey, OPENAI_API_KEY: modelKey });
    expect(run.model.requests.length).toBeGreaterThan(0);
    expect(secrets.length).toBeGreaterThan(150);

    const sentToModel = JSON.stringify(run.model.requests.map((r) => ({ body: r.body, path: r.path })));
    const modelHeaders = JSON.stringify(run.model.requests.map((r) => r.headers));
    const sentToForge = JSON.stringify(run.forgeRequests);
    const posted = run.bodies.join("\n");
    const places = { model: sentToModel, "model headers": modelHeaders, forge: sentToForge, posted, log: run.log };
    const leaks = Object.entries(places).flatMap(([where, text]) => secrets.filter((secret) => text.includes(secret)).map((secret) => `${where}: ${secret.slice(0, 12)}...`));
    expect(leaks, `seed ${seed} (AI_REVIEW_SEED=${seed} replays it)`).toEqual([]);

    // The model key goes to the model in its Authorization header, and nowhere else.
    expect(modelHeaders).toContain(modelKey);
    expect([sentToModel, sentToForge, posted, run.log].filter((text) => text.includes(modelKey))).toEqual([]);
    // The forge token goes to the forge only (whose recorded requests keep no Authorization header).
    expect([sentToModel, modelHeaders, sentToForge, posted, run.log].filter((text) => text.includes(run!.forgeToken))).toEqual([]);
    // The review happened, on the change as redacted: the files were shown to the model.
    expect(Object.keys(change.head).filter((file) => !sentToModel.includes(file.split("/")[1]!))).toEqual([]);
    expect(posted).toMatch(/ai-review:summary/);
    expect(sentToModel).toMatch(/REDACTED|redacted/);
  });
});
