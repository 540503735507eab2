/**
 * `ai-review serve` answering GitLab end to end: webhooks over HTTP with `X-Gitlab-Token`,
 * the production GitLab job (GitLab source and publisher, the shared flow) against the
 * loopback GitLab server through real gitbeaker, and the loopback model. What a merge
 * request's author sees, and what people who may not ask do not get.
 */
import { request } from "node:http";
import { afterEach, describe, expect, test } from "vitest";
import { readSummaryMarker } from "../../src/core/review-marker.js";
import { applyFiles } from "../forges/gitlab/gitlab-fixture.js";
import { fault, type NoteRecord, type TestMergeRequest } from "../support/gitlab-server/index.js";
import { mergeRequestHook, noteHook } from "../support/gitlab-server/webhooks.js";
import { A_TS, B_TS, type GitLabHarness, type GitLabHarnessOptions, GITLAB_SECRET, startGitLabHarness } from "./gitlab-serve-harness.js";

const DISCUSSIONS = "POST /projects/:id/merge_requests/:merge_request_iid/discussions";

let open: GitLabHarness[] = [];
afterEach(async () => {
  for (const harness of open) await harness.close();
  open = [];
});

async function harness(options?: GitLabHarnessOptions): Promise<GitLabHarness> {
  const started = await startGitLabHarness(options);
  open.push(started);
  return started;
}

const opened = (h: GitLabHarness) => mergeRequestHook(h.fixture.gitlab.url, h.mr, { action: "open", user: "alice" });
const failures = (h: GitLabHarness) => h.logs.records().filter((r) => r.msg === "review failed");
/** The bot's summary notes (plain notes starting with the summary marker). */
const summaries = (h: GitLabHarness) => h.mr.notes.filter((n) => n.author === h.bot && readSummaryMarker(n.body));
/** The bot's other plain notes: replies to commands. */
const replies = (h: GitLabHarness) => h.mr.notes.filter((n) => n.author === h.bot && n.type === null && !readSummaryMarker(n.body)).map((n) => n.body);
const command = (h: GitLabHarness, author: string, body: string): NoteRecord => h.mr.addNote(author, body);
const sendNote = (h: GitLabHarness, note: NoteRecord, options?: { uuid?: string }) => h.send(noteHook(h.fixture.gitlab.url, h.mr, note), options);

function push(h: GitLabHarness, mr: TestMergeRequest, files: Record<string, string | null>) {
  const previous = mr.headSha;
  const next = applyFiles(h.fixture.git, files, "more");
  mr.push(next);
  return { next, hook: mergeRequestHook(h.fixture.gitlab.url, mr, { action: "update", user: "alice", oldrev: previous }) };
}

describe("ai-review serve on GitLab: merge request events", () => {
  test("opened: one review, its discussion on the finding's line, one summary note; the webhook answers at once", async () => {
    const h = await harness();
    const answer = await h.send(opened(h));
    expect(answer).toEqual({ status: 200, body: { status: "review queued" } });
    await h.server.queue.drain();

    expect(failures(h)).toEqual([]);
    expect(h.runs.map((r) => r.job)).toEqual([
      {
        forge: "gitlab",
        key: `gitlab:${new URL(h.fixture.gitlab.url).host}/projects/${h.project.id}!1`,
        projectId: h.project.id,
        projectPath: "acme/widgets",
        mergeRequestIid: 1,
        mode: "incremental",
        headSha: h.headSha,
        deliveryId: expect.any(String),
        trigger: { kind: "event", action: "open" },
      },
    ]);
    expect(h.mr.diffNotes.map((n) => [n.author.username, n.position?.new_path, n.position?.new_line])).toEqual([[h.bot.username, "src/a.ts", 2]]);
    expect(summaries(h)).toHaveLength(1);
    expect(readSummaryMarker(summaries(h)[0]!.body)).toMatchObject({ head: h.headSha });
  });

  test("a push with new commits: only the new finding, the summary edited in place; an update without commits does nothing", async () => {
    const h = await harness();
    await h.send(opened(h));
    await h.server.queue.drain();
    const summaryId = summaries(h)[0]!.id;

    const titleOnly = mergeRequestHook(h.fixture.gitlab.url, h.mr, { action: "update", user: "alice", changes: { title: { previous: "Fix", current: "Fix things" } } });
    expect((await h.send(titleOnly)).body).toEqual({ status: "update ignored: no new commits" });
    const { next, hook } = push(h, h.mr, B_TS);
    expect((await h.send(hook)).body).toEqual({ status: "review queued" });
    await h.server.queue.drain();

    expect(failures(h)).toEqual([]);
    expect(h.runs.map((r) => r.job.trigger)).toEqual([{ kind: "event", action: "open" }, { kind: "event", action: "update" }]);
    expect(h.mr.diffNotes.map((n) => n.position?.new_path)).toEqual(["src/a.ts", "src/b.ts"]);
    expect(summaries(h).map((n) => n.id)).toEqual([summaryId]);
    expect(readSummaryMarker(summaries(h)[0]!.body)?.head).toBe(next);
  });

  test("an injected 400 on one position still publishes every finding: the refused one moves into the summary", async () => {
    const h = await harness({ headFiles: { ...A_TS, ...B_TS } });
    h.fixture.gitlab.inject(DISCUSSIONS, fault.badPosition());
    await h.send(opened(h));
    await h.server.queue.drain();

    expect(failures(h)).toEqual([]);
    const summary = summaries(h)[0]!.body;
    expect(h.mr.diffNotes).toHaveLength(1);
    expect(summary).toContain("### Could not be posted inline (1)");
    for (const title of ["SQL built from input", "Reads past the end"]) {
      expect(h.mr.diffNotes.some((n) => n.body.includes(title)) || summary.includes(title), title).toBe(true);
    }
  });

  test("the same delivery twice (one X-Gitlab-Event-UUID) gives one review; the second answer says it was ignored", async () => {
    const h = await harness();
    const delivery = opened(h);
    expect((await h.send(delivery, { uuid: "0b9e7a1c-0000-4000-8000-00000000000a" })).body).toEqual({ status: "review queued" });
    expect(await h.send(delivery, { uuid: "0b9e7a1c-0000-4000-8000-00000000000a" })).toEqual({ status: 200, body: { status: "duplicate delivery ignored" } });
    await h.server.queue.drain();
    expect(h.runs).toHaveLength(1);
    expect(h.mr.diffNotes).toHaveLength(1);
  });

  test("a push while a review of the merge request waits replaces it; it runs after the running one, on the newer head", async () => {
    const h = await harness({ holdJobs: true, work: async () => {}, env: { AI_REVIEW_CONCURRENT_REVIEWS: "1" } });
    await h.send(opened(h));
    await h.runsStarted(1);
    const first = push(h, h.mr, { "src/c.ts": "c\n" });
    const second = push(h, h.mr, { "src/d.ts": "d\n" });
    expect((await h.send(first.hook)).body).toEqual({ status: "review queued" });
    expect((await h.send(second.hook)).body).toEqual({ status: "review replaced" });
    h.runs[0]!.release();
    await h.runsStarted(2);
    h.runs[1]!.release();
    await h.server.queue.drain();
    expect(h.runs.map((r) => r.job.headSha)).toEqual([h.headSha, second.next]);
  });

  test("a draft is skipped; review_drafts: true at the base reviews it; marking it ready reviews it", async () => {
    const h = await harness({ draft: true });
    expect((await h.send(opened(h))).body).toEqual({ status: "draft skipped" });
    h.mr.draft = false;
    const ready = mergeRequestHook(h.fixture.gitlab.url, h.mr, { action: "update", user: "alice", changes: { draft: { previous: true, current: false } } });
    expect((await h.send(ready)).body).toEqual({ status: "review queued" });
    await h.server.queue.drain();
    expect(h.runs.map((r) => r.job.trigger)).toEqual([{ kind: "event", action: "ready" }]);
    expect(h.mr.diffNotes).toHaveLength(1);

    const wanted = await harness({ draft: true, baseFiles: { ".ai-review.yml": "review_drafts: true\n" } });
    expect((await wanted.send(opened(wanted))).body).toEqual({ status: "review queued" });
    await wanted.server.queue.drain();
    expect(wanted.mr.diffNotes).toHaveLength(1);
  });

  test("closed and merged merge requests, and events that are not open, reopen or update, start nothing", async () => {
    const h = await harness();
    expect((await h.send(mergeRequestHook(h.fixture.gitlab.url, h.mr, { action: "approved", user: "alice" }))).body).toEqual({ status: "approved ignored: no new commits" });
    h.mr.state = "closed";
    expect((await h.send(mergeRequestHook(h.fixture.gitlab.url, h.mr, { action: "reopen", user: "alice" }))).body).toEqual({ status: "ignored: the merge request is not open" });
    await h.server.queue.drain();
    expect(h.runs).toHaveLength(0);
  });

  test("the gateway hears the project, the merge request, the head, the trigger and the version", async () => {
    const h = await harness({ env: { AI_REVIEW_GATEWAY: "cloudflare" } });
    await h.send(opened(h));
    await h.server.queue.drain();
    expect(failures(h)).toEqual([]);
    const metadata = JSON.parse(String(h.model.requests[0]!.headers["cf-aig-metadata"]));
    expect(metadata).toEqual({ repository: "acme/widgets", change: "1", head: h.headSha, trigger: "merge_request.open", version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
  });

  test("a repository's config cannot send the server's key elsewhere", async () => {
    const h = await harness({ baseFiles: { ".ai-review.yml": "base_url: http://127.0.0.1:9/v1\napi_key: sk-repo\n" } });
    await h.send(opened(h));
    await h.server.queue.drain();
    expect(failures(h)).toEqual([]);
    expect(h.model.requests.length).toBeGreaterThan(0);
    for (const r of h.model.requests) expect(r.headers.authorization).toBe("Bearer sk-loopback");
  });
});

describe("ai-review serve on GitLab: /review commands", () => {
  test("/review full from a Developer: an eyes award emoji by the bot on the note, then a full review", async () => {
    const h = await harness();
    const note = command(h, "alice", "/review full");
    expect((await sendNote(h, note)).body).toEqual({ status: "/review queued" });
    await h.server.queue.drain();

    expect(note.awards.map((a) => [a.name, a.user.username])).toEqual([["eyes", h.bot.username]]);
    expect(h.runs.map((r) => [r.job.mode, r.job.trigger])).toEqual([["full", { kind: "command", noteId: note.id, by: "alice" }]]);
    expect(failures(h)).toEqual([]);
    expect(h.mr.diffNotes).toHaveLength(1);
    expect(summaries(h)).toHaveLength(1);
  });

  test("from a Guest, a Reporter or a stranger: one reply each saying who may, no emoji, no review; a repeat gets nothing", async () => {
    const h = await harness();
    const asked = [command(h, "gina", "/review full"), command(h, "rita", "/review"), command(h, "mallory", "/review")];
    for (const note of asked) expect((await sendNote(h, note)).status).toBe(200);
    const again = command(h, "gina", "/review");
    expect((await sendNote(h, again)).body).toEqual({ status: "/review by gina ignored: refused on acme/widgets!1 before" });
    await h.server.queue.drain();

    expect(h.runs).toHaveLength(0);
    expect(h.model.requests).toHaveLength(0);
    expect([...asked, again].flatMap((n) => n.awards)).toEqual([]);
    expect(replies(h)).toEqual(
      ["gina", "rita", "mallory"].map((who) => `@${who} only project members with the Developer role or higher can run \`/review\`.`),
    );
  });

  test("a refusal already on the merge request is not written again by a server that forgot it (a restart)", async () => {
    const h = await harness();
    h.mr.addNote(h.bot.username, "@gina only project members with the Developer role or higher can run `/review`.");
    expect((await sendNote(h, command(h, "gina", "/review"))).body).toEqual({ status: "/review by gina ignored: refused on acme/widgets!1 before" });
    expect(replies(h)).toHaveLength(1);
    expect(h.fixture.gitlab.writes()).toHaveLength(0);
  });

  test("/review help, and an unknown subcommand, get the usage in GitLab's words and no review", async () => {
    const h = await harness();
    await sendNote(h, command(h, "alice", "/review help"));
    await sendNote(h, command(h, "alice", "/review everything"));
    await h.server.queue.drain();
    expect(h.runs).toHaveLength(0);
    const [help, unknown] = replies(h);
    expect(help).toContain("comment on this merge request");
    expect(help).toContain("`/review full`: review the whole merge request again");
    expect(help).toContain("Only project members with the Developer role or higher may run them.");
    expect(unknown).toMatch(/^`\/review everything` is not a command I know\./);
  });

  test("the bot's own notes are never commands, nor notes with its markers, system notes, edits or other bots' notes", async () => {
    // A service account: its username tells nothing, GET /user does.
    const h = await harness({ botUser: "review-service" });
    const own = command(h, h.bot.username, "/review full");
    const marked = command(h, "alice", "<!-- ai-review:summary e30 -->\n/review full");
    const otherBot = command(h, "project_9_bot_0123456789abcdef0123456789abcdef", "/review full");
    const system = h.project.addDiscussion({ mergeRequestIid: h.mr.iid, author: h.fixture.gitlab.user("alice"), body: "/review", individualNote: true, system: true });
    const edited = command(h, "alice", "/review");
    const answers = [
      await sendNote(h, own),
      await sendNote(h, marked),
      await sendNote(h, otherBot),
      await sendNote(h, system),
      await h.send(noteHook(h.fixture.gitlab.url, h.mr, edited, { action: "update" })),
    ];
    await h.server.queue.drain();
    expect(answers.map((a) => a.body.status)).toEqual([
      "ignored: the bot's own note",
      "ignored: a bot's note",
      "ignored: a bot's note",
      "ignored: not a new comment",
      "ignored: not a new comment",
    ]);
    expect(h.runs).toHaveLength(0);
    expect(h.fixture.gitlab.writes()).toHaveLength(0);
  });

  test("/review on a closed merge request runs nothing and says nothing", async () => {
    const h = await harness();
    h.mr.state = "merged";
    const note = command(h, "alice", "/review");
    expect((await sendNote(h, note)).body).toEqual({ status: "/review by alice ignored: acme/widgets!1 is merged" });
    await h.server.queue.drain();
    expect(h.runs).toHaveLength(0);
    expect(h.fixture.gitlab.writes()).toHaveLength(0);
  });

  test("a command while a review waits joins it, upgrading it to full", async () => {
    const h = await harness({ holdJobs: true, work: async () => {}, env: { AI_REVIEW_CONCURRENT_REVIEWS: "1" } });
    await h.send(opened(h));
    await h.runsStarted(1);
    const { hook } = push(h, h.mr, B_TS);
    await h.send(hook);
    expect((await sendNote(h, command(h, "alice", "/review full"))).body).toEqual({ status: "/review joined" });
    h.runs[0]!.release();
    await h.runsStarted(2);
    h.runs[1]!.release();
    await h.server.queue.drain();
    expect(h.runs.map((r) => [r.job.mode, r.job.trigger.kind])).toEqual([["incremental", "event"], ["full", "event"]]);
  });
});

/** Sends headers and `sent` bytes of a body announced as `announced` bytes; resolves with the status. */
function partialPost(url: string, headers: Record<string, string>, announced: number, sent: number): Promise<number> {
  return new Promise((resolve) => {
    const target = new URL("/gitlab/webhook", url);
    const req = request({ host: target.hostname, port: target.port, path: target.pathname, method: "POST", headers: { ...headers, "content-length": String(announced) } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
      req.destroy();
    });
    // The server closes the connection once it has answered: writing the rest may fail.
    req.on("error", () => undefined);
    req.write(Buffer.alloc(sent, 0x7b));
  });
}

describe("ai-review serve on GitLab: HTTP", () => {
  test("a wrong or missing X-Gitlab-Token gets 401, queues nothing and asks GitLab nothing; the right one still works after", async () => {
    const h = await harness();
    const wrong = await h.send(opened(h), { token: `${GITLAB_SECRET}x`, uuid: "1c1c1c1c-0000-4000-8000-000000000001" });
    const shorter = await h.send(opened(h), { token: "x" });
    const missing = await h.send(opened(h), { token: null });
    expect([wrong.status, shorter.status, missing.status]).toEqual([401, 401, 401]);
    expect(wrong.body.error).toContain("GITLAB_WEBHOOK_SECRET");
    await h.server.queue.drain();
    expect(h.runs).toHaveLength(0);
    expect(h.fixture.gitlab.requests).toHaveLength(0);
    // A refused request must not burn the delivery id of a real one.
    expect((await h.send(opened(h), { uuid: "1c1c1c1c-0000-4000-8000-000000000001" })).body).toEqual({ status: "review queued" });
  });

  test("malformed JSON and payloads unlike their event get 400; other events are answered 200 and ignored; a body over 25 MB gets 413", async () => {
    const h = await harness();
    const url = `${h.server.url}/gitlab/webhook`;
    const headers = { "content-type": "application/json", "x-gitlab-token": GITLAB_SECRET, "x-gitlab-event-uuid": "u-1" };
    const post = async (event: string, body: string) => {
      const response = await fetch(url, { method: "POST", headers: { ...headers, "x-gitlab-event": event }, body });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    expect(await post("Merge Request Hook", "{not json")).toEqual({ status: 400, body: { error: "the body is not JSON" } });
    const { payload } = opened(h);
    const noIid = structuredClone(payload) as { object_attributes: Record<string, unknown> };
    delete noIid.object_attributes.iid;
    expect(await post("Merge Request Hook", JSON.stringify(noIid))).toMatchObject({ status: 400, body: { error: expect.stringMatching(/^not a Merge Request Hook payload: object_attributes\.iid/) } });
    expect(await post("Note Hook", JSON.stringify(payload))).toMatchObject({ status: 400, body: { error: expect.stringMatching(/^not a Note Hook payload: object_kind/) } });
    expect(await post("Push Hook", JSON.stringify({ object_kind: "push" }))).toEqual({ status: 200, body: { status: "Push Hook ignored: ai-review acts on Merge Request Hook and Note Hook" } });
    const noUuid = await fetch(url, { method: "POST", headers: { "content-type": "application/json", "x-gitlab-token": GITLAB_SECRET, "x-gitlab-event": "Merge Request Hook" }, body: JSON.stringify(payload) });
    expect(noUuid.status).toBe(400);
    expect(await partialPost(h.server.url, { ...headers, "x-gitlab-event": "Merge Request Hook" }, 26 * 1024 * 1024, 1024)).toBe(413);
    await h.server.queue.drain();
    expect(h.runs).toHaveLength(0);
  });

  test("a delivery whose handling failed answers 500 and is forgotten, so GitLab's resend is handled", async () => {
    const h = await harness();
    h.fixture.gitlab.inject("GET /projects/:id/members/all/:user_id", fault.serverError(500));
    const note = command(h, "alice", "/review");
    const uuid = "5e5e5e5e-0000-4000-8000-000000000005";
    expect((await sendNote(h, note, { uuid })).status).toBe(500);
    expect((await sendNote(h, note, { uuid })).body).toEqual({ status: "/review queued" });
    await h.server.queue.drain();
    expect(h.runs).toHaveLength(1);
  });

  test("logs at trace level never hold the webhook secret, the GitLab token or the model key", async () => {
    const h = await harness();
    await h.send(opened(h), { token: "not-the-secret" });
    await h.send(opened(h));
    await sendNote(h, command(h, "gina", "/review"));
    await h.server.queue.drain();
    expect(h.logs.lines.length).toBeGreaterThan(5);
    for (const secret of [GITLAB_SECRET, h.env.AI_REVIEW_GITLAB_TOKEN!, h.env.OPENAI_API_KEY!, "not-the-secret"]) {
      expect(h.logs.lines.filter((line) => line.includes(secret))).toEqual([]);
    }
  });

  test("/healthz counts GitLab reviews in the shared queue; GitHub's path says how to turn it on", async () => {
    const h = await harness({ holdJobs: true, work: async () => {} });
    await h.send(opened(h));
    await h.runsStarted(1);
    expect(await (await fetch(`${h.server.url}/healthz`)).json()).toEqual({ status: "ok", queue: { waiting: 0, running: 1 } });
    const github = await fetch(`${h.server.url}/api/github/webhooks`, { method: "POST", body: "{}" });
    expect(github.status).toBe(404);
    expect(((await github.json()) as { error: string }).error).toContain("set APP_ID, PRIVATE_KEY (or PRIVATE_KEY_PATH) and WEBHOOK_SECRET");
    h.runs[0]!.release();
  });
});
