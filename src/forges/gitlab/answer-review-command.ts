/**
 * The `/review` rules on GitLab, as on GitHub (`forges/github/answer-review-command.ts`):
 * what a command in a merge request note gets before any review runs.
 * - Someone below the Developer role (a Guest, a Reporter, no member at all) gets one short
 *   note saying who may, once per merge request: their later commands are ignored. The
 *   bot's earlier notes are read to find out, and a long-running server also remembers who
 *   was told and asks GitLab nothing for them again.
 * - `/review help` (or an unknown subcommand) gets the usage.
 * - A review command on a merge request that is not open runs nothing and says nothing.
 * - A command that will run gets an `eyes` award emoji on its note first.
 * No path here calls the model.
 */
import { GITLAB_COMMAND_WORDS, helpReply, notAllowedReply } from "../../core/command-replies.js";
import type { SlashCommand } from "../../core/slash-command.js";
import type { CommandOutcome, RefusedCommenters } from "../command-outcome.js";
import { allPages, type GitLabPage } from "./all-pages.js";
import { type GitLabNote, isAuthor } from "./bot-notes.js";
import { DEVELOPER_ACCESS, memberAccessLevel } from "./command-access.js";
import type { GitLabApi } from "./create-gitlab-api.js";
import { explainGitLabFailure } from "./explain-gitlab-failure.js";
import { gitlabMessage, gitlabStatus } from "./gitlab-failure.js";
import { fetchMergeRequestFacts } from "./merge-request-facts.js";

export interface GitLabCommandInput {
  /** The numeric id GitLab gives the project (what the API is asked with). */
  projectId: number;
  /** `group/project`, for keys and messages. */
  projectPath: string;
  mergeRequestIid: number;
  noteId: number;
  /** Who wrote the command. */
  userId: number;
  username: string;
  command: SlashCommand;
}

export interface GitLabCommandOptions {
  /** The user the bot writes as: its earlier replies are found by it. */
  botUsername: string;
  /** A long-running server's memory of refusals. */
  refused?: RefusedCommenters;
}

export async function answerGitLabReviewCommand(api: GitLabApi, input: GitLabCommandInput, options: GitLabCommandOptions): Promise<CommandOutcome> {
  const { username, command } = input;
  const where = `${input.projectPath}!${input.mergeRequestIid}`;
  const key = gitlabRefusalKey(input.projectPath, input.mergeRequestIid, username);
  if (options.refused?.has(key)) return { run: false, why: `/review by ${username} ignored: refused on ${where} before` };
  const level = await memberAccessLevel(api, input.projectId, input.userId);
  if (level === null || level < DEVELOPER_ACCESS) {
    const body = notAllowedReply(username, GITLAB_COMMAND_WORDS);
    const replied = await replyOnce(api, input, options.botUsername, body);
    options.refused?.add(key);
    const role = level === null ? "no member" : `access level ${level}`;
    return { run: false, why: replied ? `/review by ${username} refused: ${role}, Developer (30) needed` : `/review by ${username} ignored: refused on ${where} before` };
  }
  if (command.kind === "help") {
    await reply(api, input, helpReply(command.unknown, GITLAB_COMMAND_WORDS));
    return { run: false, why: "/review help answered" };
  }
  const { state } = await fetchMergeRequestFacts({ api, projectId: input.projectId, mergeRequestIid: input.mergeRequestIid });
  if (state !== "opened") return { run: false, why: `/review by ${username} ignored: ${where} is ${state}` };
  await acknowledge(api, input);
  return { run: true, mode: command.mode };
}

/** GitLab paths and usernames are case-insensitive. */
export function gitlabRefusalKey(projectPath: string, mergeRequestIid: number, username: string): string {
  return `${projectPath}!${mergeRequestIid}:${username}`.toLowerCase();
}

/** The 👀 on the command's note. Already there (a redelivery of a command whose review failed to queue) is fine. */
async function acknowledge(api: GitLabApi, input: GitLabCommandInput): Promise<void> {
  try {
    await api.MergeRequestNoteAwardEmojis.award(input.projectId, input.mergeRequestIid, input.noteId, "eyes");
  } catch (error) {
    if (gitlabStatus(error) === 404 && /already been taken/i.test(gitlabMessage(error))) return;
    throw explainGitLabFailure(error, `acknowledging /review on ${input.projectPath}!${input.mergeRequestIid} with an award emoji`, api);
  }
}

/** Posts `body` unless a note of the bot's already says exactly it. True when it posted. */
async function replyOnce(api: GitLabApi, input: GitLabCommandInput, botUsername: string, body: string): Promise<boolean> {
  const notes = await allPages(
    (page) =>
      api.MergeRequestNotes.all(input.projectId, input.mergeRequestIid, { page, perPage: 100, showExpanded: true }).catch((error: unknown) => {
        throw explainGitLabFailure(error, `reading the notes of ${input.projectPath}!${input.mergeRequestIid}`, api);
      }) as unknown as Promise<GitLabPage<GitLabNote>>,
  );
  if (notes.some((note) => isAuthor(note, botUsername) && note.body === body)) return false;
  await reply(api, input, body);
  return true;
}

async function reply(api: GitLabApi, input: GitLabCommandInput, body: string): Promise<void> {
  try {
    await api.MergeRequestNotes.create(input.projectId, input.mergeRequestIid, body);
  } catch (error) {
    throw explainGitLabFailure(error, `answering /review by ${input.username} on ${input.projectPath}!${input.mergeRequestIid}`, api);
  }
}
