/**
 * What the bot wrote before on a merge request, read back from its own notes: the summary
 * note (its marker holds the reviewed head and the fingerprints) and the discussions it
 * opened (each starts with a finding marker). Only notes the bot authored count, and never
 * a system note: anyone can paste a marker into a note of their own.
 */
import type { EarlierFinding } from "../../core/earlier-finding.js";
import { readSummaryMarker, type ReviewState } from "../../core/review-marker.js";
import { earlierFindingOfComment } from "../earlier-finding-of-comment.js";

/** The fields of a GitLab note (`/notes`, or one of a discussion's `notes`) read here. */
export interface GitLabNote {
  id: number;
  body: string;
  author?: { username?: string | null } | null;
  system?: boolean;
  created_at?: string;
  position?: { new_path?: string | null; old_path?: string | null; new_line?: number | null; old_line?: number | null } | null;
}

export interface GitLabDiscussion {
  id: string;
  notes?: GitLabNote[] | null;
}

export interface SummaryNote {
  id: number;
  state: ReviewState;
}

export function isAuthor(note: GitLabNote, username: string): boolean {
  const author = note.author?.username;
  return note.system !== true && typeof author === "string" && author.toLowerCase() === username.toLowerCase();
}

/** The bot's newest note that starts with a summary marker, or null on a first review. */
export function findSummaryNote(notes: readonly GitLabNote[], bot: string): SummaryNote | null {
  let newest: (SummaryNote & { created: string }) | null = null;
  for (const note of notes) {
    if (!isAuthor(note, bot)) continue;
    const state = readSummaryMarker(note.body);
    if (!state) continue;
    const created = note.created_at ?? "";
    if (!newest || created > newest.created || (created === newest.created && note.id > newest.id)) newest = { id: note.id, state, created };
  }
  return newest && { id: newest.id, state: newest.state };
}

/**
 * The findings of the discussions the bot opened, oldest first, one per fingerprint. The
 * place is the position's new line, or its old line for a comment on a removed line; a link
 * goes to the note when the merge request's address is known.
 */
export function discussionFindings(discussions: readonly GitLabDiscussion[], bot: string, webUrl: string | null): EarlierFinding[] {
  const findings = new Map<string, EarlierFinding>();
  for (const discussion of discussions) {
    const first = discussion.notes?.[0];
    if (!first || !isAuthor(first, bot)) continue;
    const position = first.position;
    const finding = earlierFindingOfComment({
      body: first.body,
      path: position?.new_path ?? position?.old_path ?? "",
      line: position?.new_line ?? position?.old_line ?? null,
      ...(webUrl ? { url: `${webUrl}#note_${first.id}` } : {}),
    });
    if (finding && !findings.has(finding.fingerprint)) findings.set(finding.fingerprint, finding);
  }
  return [...findings.values()];
}
