/**
 * The flow every entry runs, with a fake forge (test/support/fake-forge.ts), the real
 * openai SDK and the loopback model server: what it reads, what it posts, and the state it
 * leaves for the next run.
 */
import { afterEach, describe, expect, it } from "vitest";
import { ConfigError } from "../src/config.js";
import { patchesToDiff } from "../src/core/patches-to-diff.js";
import { runReviewFlow, type ReviewFlowInput } from "../src/review-flow.js";
import { FAKE_BASE_SHA, FAKE_HEAD_SHA, FakeChangeSource, RecordingPublisher, type FakeChangeSourceOptions } from "./support/fake-forge.js";
import { reply, startModelServer, type ModelServer, type RecordedRequest } from "./support/model-server.js";

const TOTAL = patchesToDiff([
  {
    path: "src/total.ts",
    oldPath: "src/total.ts",
    status: "modified",
    patch: "@@ -1,3 +1,3 @@\n export function total(items: number[]): number {\n-  let sum = 0; for (const i of items) sum += i;\n+  let sum = 0; for (let i = 0; i <= items.length; i++) sum += items[i]!;\n   return sum;\n",
  },
]);
const NAMES = patchesToDiff([
  { path: "src/names.ts", oldPath: "src/names.ts", status: "added", patch: '@@ -0,0 +1,2 @@\n+export const first = "a";\n+export const second = "b";\n' },
]);
/** The branch also rewrites the config: that must not change how it is reviewed. */
const OWN_CONFIG = patchesToDiff([
  { path: ".ai-review.yml", oldPath: ".ai-review.yml", status: "added", patch: '@@ -0,0 +1,2 @@\n+approve: true\n+exclude: ["**"]\n' },
]);

const OFF_BY_ONE = { path: "src/total.ts", line: 2, severity: "major", title: "Off by one", body: "`<=` reads past the end; use `<`." };
const NAME_NIT = { path: "src/names.ts", line: 1, severity: "nit", title: "Name", body: "Call it `firstName`." };

const sent = (r: RecordedRequest) => r.body.messages.map((m) => m.content).join("\n");
const isSummaryPass = (r: RecordedRequest) => sent(r).includes("Write the overall summary");

/** A model that comments on whichever of the two files it is shown. */
function reviewer(request: RecordedRequest) {
  if (isSummaryPass(request)) return reply.json({ summary: "Overall." });
  const text = sent(request);
  const comments = [...(text.includes("src/total.ts") ? [OFF_BY_ONE] : []), ...(text.includes("src/names.ts") ? [NAME_NIT] : [])];
  return reply.json({ summary: "Reviewed.", comments });
}

let server: ModelServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function flow(source: FakeChangeSource, publisher: RecordingPublisher, extra: Partial<ReviewFlowInput> = {}) {
  server ??= await startModelServer(reviewer);
  return await runReviewFlow({
    source,
    publisher,
    env: { OPENAI_BASE_URL: server.baseURL, OPENAI_API_KEY: "sk-loopback", AI_REVIEW_MODEL: "m" },
    sleep: async () => {},
    ...extra,
  });
}

const fakeSource = (options: Partial<FakeChangeSourceOptions> & { diffText?: string } = {}) =>
  new FakeChangeSource({ baseFiles: options.baseFiles, diffSince: options.diffSince, change: { diffText: options.diffText ?? TOTAL + NAMES, ...options.change } });

describe("runReviewFlow", () => {
  it("posts every finding on a first review, and the state carries the head and every fingerprint", async () => {
    const source = fakeSource();
    const publisher = new RecordingPublisher();
    const result = await flow(source, publisher);

    expect(source.changeReads).toEqual([{ contextLines: 3 }]);
    expect(publisher.posts).toHaveLength(1);
    const { review, state } = publisher.posts[0]!;
    expect(review.comments.map((c) => c.title)).toEqual(["Off by one"]);
    // Below inline_severity: listed in the summary, and remembered all the same.
    expect(review.summaryOnly.map((c) => c.title)).toEqual(["Name"]);
    const nameFinding = review.summaryOnly[0]!;
    expect(state).toEqual({
      head: FAKE_HEAD_SHA,
      base: FAKE_BASE_SHA,
      fingerprints: [review.comments[0]!.fingerprint, nameFinding.fingerprint],
      // Shown by the summary alone: carried so the next summary lists it while it stands.
      carried: [{ f: nameFinding.fingerprint, p: nameFinding.path, l: nameFinding.line, s: "nit", t: "Name" }],
    });
    expect(result.state).toEqual(state);
    expect(result.published.inline).toBe(1);
    expect(review.summary).not.toContain("Reviewed the changes since");
  });

  it("posts nothing new on a second run over the same change, and keeps the state", async () => {
    const publisher = new RecordingPublisher();
    await flow(fakeSource(), publisher);
    const second = fakeSource();
    await flow(second, publisher);

    // Asked for what changed since the head it saw; this source cannot tell, so it gave all.
    expect(second.changeReads[0]!.since).toBe(FAKE_HEAD_SHA);
    const [first, again] = publisher.posts;
    expect(again!.review.comments).toEqual([]);
    expect(again!.review.summaryOnly).toEqual([]);
    expect(again!.review.duplicates.alreadyPosted).toBe(2);
    expect(again!.state).toEqual(first!.state);
  });

  it("reviews only what changed since the previous head, says so in the summary, and adds to the state", async () => {
    const earlier = { head: "abcdef0123456789abcdef0123456789abcdef01", base: FAKE_BASE_SHA, fingerprints: ["00000000deadbeef"] };
    const publisher = new RecordingPublisher({ state: earlier });
    const source = fakeSource({ diffSince: (since) => (since === earlier.head ? NAMES : null) });
    const { review, state } = await flow(source, publisher);

    // With the base that review saw, so the source can tell a retarget (and read it all).
    expect(source.changeReads).toEqual([{ since: earlier.head, sinceBase: FAKE_BASE_SHA, contextLines: 3 }]);
    const chunkRequests = server!.requests.filter((r) => !isSummaryPass(r));
    expect(chunkRequests.map(sent).join("\n")).not.toContain("src/total.ts");
    expect(review.summary).toContain("Reviewed the changes since abcdef0 (1 file).");
    expect(review.summaryOnly.map((c) => c.title)).toEqual(["Name"]);
    const name = review.summaryOnly[0]!;
    expect(state).toEqual({
      head: FAKE_HEAD_SHA,
      base: FAKE_BASE_SHA,
      fingerprints: ["00000000deadbeef", name.fingerprint],
      carried: [{ f: name.fingerprint, p: name.path, l: name.line, s: "nit", t: "Name" }],
    });
  });

  it("reviews the whole change in full mode, whatever the previous head", async () => {
    const publisher = new RecordingPublisher({ state: { head: "abcdef0", base: null, fingerprints: [] } });
    const source = fakeSource({ diffSince: () => NAMES });
    const { review } = await flow(source, publisher, { mode: "full" });
    expect(source.changeReads).toEqual([{ contextLines: 3 }]);
    expect(review.comments.map((c) => c.title)).toEqual(["Off by one"]);
    expect(review.summary).not.toContain("Reviewed the changes since");
  });

  it("lists a file the forge gave no diff for as skipped, and withholds approval when the change controls that skip", async () => {
    server = await startModelServer(() => reply.json({ summary: "Fine.", comments: [] }));
    const baseFiles = { ".ai-review.yml": "approve: true\n" };
    const control = await flow(fakeSource({ baseFiles, diffText: NAMES }), new RecordingPublisher());
    expect(control.review.verdict).toBe("approve");

    const tooLarge = { path: "src/huge.ts", reason: "too-large" as const, detail: "GitHub gives no patch for it (too large)", changeControlled: true as const };
    const { review, report } = await flow(
      fakeSource({ baseFiles, diffText: NAMES, change: { diffText: NAMES, forgeSkipped: [tooLarge] } }),
      new RecordingPublisher(),
    );
    expect(review.skipped).toContainEqual(tooLarge);
    expect(review.verdict).toBe("comment");
    expect(review.summary).toContain("`src/huge.ts`: GitHub gives no patch for it (too large)");
    expect(report.totalFiles).toBe(2);
  });

  it("takes the config, .gitattributes and instructions from the base, never from the change", async () => {
    const source = fakeSource({
      diffText: TOTAL + OWN_CONFIG,
      baseFiles: { ".ai-review.yml": "instructions: Mind the loop bounds.\n", "AGENTS.md": "Prefer for-of loops." },
    });
    const { config, review } = await flow(source, new RecordingPublisher());

    expect(source.baseFileReads).toEqual(expect.arrayContaining([".ai-review.yml", ".gitattributes", "AGENTS.md", ".github/copilot-instructions.md"]));
    expect(config.instructions).toBe("Mind the loop bounds.");
    expect(config.approve).toBe(false);
    expect(config.exclude).toEqual([]);
    expect(review.verdict).not.toBe("approve");
    const text = server!.requests.map(sent).join("\n");
    expect(text).toContain("Mind the loop bounds.");
    expect(text).toContain("Prefer for-of loops.");
    expect(review.comments.map((c) => c.path)).toEqual(["src/total.ts"]);
  });

  it("takes an explicit config file instead of the base's, and names it in errors", async () => {
    const source = fakeSource({ baseFiles: { ".ai-review.yml": "approve: true\n" } });
    const { config } = await flow(source, new RecordingPublisher(), { configFile: { text: "fail_on: nit\n", source: "team.yml" } });
    expect(source.baseFileReads).not.toContain(".ai-review.yml");
    expect(config.fail_on).toBe("nit");
    expect(config.approve).toBe(false);

    const broken = fakeSource({ baseFiles: { ".ai-review.yml": "approve: maybe\n" } });
    await expect(flow(broken, new RecordingPublisher())).rejects.toThrow("invalid config (.ai-review.yml at the fake base");
  });

  it("refuses to call OpenAI without a key, before publishing or sending anything", async () => {
    server = await startModelServer(reviewer);
    const publisher = new RecordingPublisher();
    const run = runReviewFlow({ source: fakeSource(), publisher, env: {} });
    await expect(run).rejects.toThrow(ConfigError);
    await expect(run).rejects.toThrow("no API key for OpenAI");
    expect(publisher.posts).toEqual([]);
  });
});
