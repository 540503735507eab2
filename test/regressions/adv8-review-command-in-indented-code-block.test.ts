/**
 * Adversary (or a helpful teammate): a note whose first line is indented four spaces, which
 * Markdown shows as a code block ("    /review full" followed by an explanation of what it
 * does). It was read as a command and started a paid full review. Fixed: a first line
 * indented four columns or more (a tab counts four) is code, not a command; two spaces
 * still are a command, as before.
 */
import { afterEach, describe, expect, test } from "vitest";
import { parseSlashCommand } from "../../src/core/slash-command.js";
import { noteHook } from "../support/gitlab-server/webhooks.js";
import { startGitLabHarness, type GitLabHarness } from "../serve/gitlab-serve-harness.js";

let harness: GitLabHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe("adversary: /review shown in an indented code block", () => {
  test("a Developer's note showing the command starts no review and gets no award", async () => {
    const h = (harness = await startGitLabHarness());
    const note = h.mr.addNote("alice", "    /review full\n\nreviews the whole merge request again.");
    const answer = await h.send(noteHook(h.fixture.gitlab.url, h.mr, note));
    expect(answer.status).toBe(200);
    await h.server.queue.drain();
    expect(h.runs).toHaveLength(0);
    expect(h.mr.note(note.id)?.awards ?? []).toEqual([]);
  });

  test("what counts as indented code", () => {
    expect(parseSlashCommand("\t/review")).toBeNull();
    expect(parseSlashCommand("  \t/review full")).toBeNull();
    expect(parseSlashCommand("   /review full")).toEqual({ kind: "review", mode: "full" });
  });
});
