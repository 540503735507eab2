/** Webhook deliveries built from the test server's own merge requests, received by a loopback listener. */
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, expect, test } from "vitest";
import { createRepo } from "../support/git-repo.js";
import { AccessLevel, startGitLabServer } from "../support/gitlab-server/index.js";
import { deliverWebhook, mergeRequestHook, noteHook } from "../support/gitlab-server/webhooks.js";

let cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

async function setup() {
  const gitlab = await startGitLabServer();
  const git = createRepo();
  cleanups.push(() => git.cleanup(), () => gitlab.close());
  git.write("a.txt", "one\n");
  git.commit("base");
  git.git("checkout", "-q", "-b", "fix");
  git.write("a.txt", "two\n");
  const first = git.commit("Fix one\n\nLonger message.");
  const project = gitlab.addProject({ path: "acme/widgets", git, members: { alice: AccessLevel.developer } });
  const mr = project.addMergeRequest({ title: "Fix", author: "alice", draft: true, target: { branch: "main" }, source: { branch: "fix" } });
  return { gitlab, git, project, mr, first };
}

/** A listener that keeps what it receives. */
async function receiver() {
  const received: { headers: IncomingHttpHeaders; body: unknown }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      received.push({ headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString("utf8")) });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/gitlab/webhook`, received };
}

test("a Merge Request Hook for a push carries the action, oldrev, draft state and last commit, with GitLab's headers", async () => {
  const { gitlab, git, project, mr, first } = await setup();
  git.write("a.txt", "three\n");
  const second = git.commit("Three");
  mr.push(second);
  const { url, received } = await receiver();
  const answer = await deliverWebhook(url, mergeRequestHook(gitlab.url, mr, { action: "update", user: "alice", oldrev: first }), { token: "s3cret", uuid: "uuid-1" });
  expect(answer.status).toBe(200);
  const [delivery] = received;
  expect(delivery?.headers).toMatchObject({ "x-gitlab-event": "Merge Request Hook", "x-gitlab-token": "s3cret", "x-gitlab-event-uuid": "uuid-1", "content-type": "application/json" });
  expect(delivery?.body).toMatchObject({
    object_kind: "merge_request",
    event_type: "merge_request",
    user: { username: "alice", id: gitlab.user("alice").id },
    project: { id: project.id, path_with_namespace: "acme/widgets", default_branch: "main" },
    object_attributes: {
      id: mr.id,
      iid: 1,
      action: "update",
      oldrev: first,
      draft: true,
      work_in_progress: true,
      state: "opened",
      source_branch: "fix",
      target_branch: "main",
      last_commit: { id: second, title: "Three" },
    },
  });
});

test("open has no oldrev; a Note Hook carries the note and the merge request", async () => {
  const { gitlab, mr } = await setup();
  expect((mergeRequestHook(gitlab.url, mr, { action: "open", user: "alice" }).payload.object_attributes as Record<string, unknown>).oldrev).toBeUndefined();
  const note = mr.addNote("alice", "/review full");
  const hook = noteHook(gitlab.url, mr, note);
  expect(hook.event).toBe("Note Hook");
  expect(hook.payload).toMatchObject({
    object_kind: "note",
    event_type: "note",
    user: { username: "alice" },
    project_id: mr.project.id,
    object_attributes: { id: note.id, note: "/review full", noteable_type: "MergeRequest", noteable_id: mr.id, system: false, discussion_id: note.discussionId },
    merge_request: { id: mr.id, iid: 1, draft: true, last_commit: { id: mr.headSha } },
  });
});
