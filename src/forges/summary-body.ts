/**
 * The bot's one summary comment (a GitHub issue comment, a GitLab merge request note), the
 * same on every forge: the state marker first (the next run reads it from there and only
 * there), a note when the forge refused the verdict, the summary, and the findings the forge
 * would not take inline, so that none is lost. It fits the forge's body limit: the summary
 * is cut first, since its findings are also inline or listed below.
 */
import { place } from "../core/render-review-text.js";
import { neutralizeModelText } from "../core/neutralize-model-text.js";
import { neutralizeMarkers, summaryMarker, type ReviewState } from "../core/review-marker.js";
import type { ReviewComment } from "../core/review-result.js";
import type { Verdict } from "../core/verdict.js";
import { bodyLength, fitBody } from "./fit-body.js";
import { findingText } from "./finding-text.js";
import { suggestionBlock } from "./suggestion-block.js";

/** A finding the forge refused as an inline comment, with what the forge said. */
export interface MovedComment {
  comment: ReviewComment;
  reason: string;
}

export interface SummaryBodyInput {
  state: ReviewState;
  /** The review's summary markdown (`Review.summary`); model text in it is neutralized here (markers, @mentions, quick actions, raw HTML). */
  summary: string;
  moved: readonly MovedComment[];
  /** Set when the forge refused the verdict and the review went out as a comment. */
  verdictRefused: { verdict: Verdict; message: string } | null;
}

/** Which forge the body is for: its name (in the notes) and its body limit in characters. */
export interface SummaryForge {
  name: string;
  limit: number;
}

/** A moved finding's text is kept whole up to this many characters, so many fit in one comment. */
const MOVED_TEXT_LIMIT = 2_000;

export function summaryBody(input: SummaryBodyInput, forge: SummaryForge): string {
  const { limit, name } = forge;
  const marker = `${summaryMarker(input.state)}\n`;
  const note = input.verdictRefused ? verdictNote(input.verdictRefused, name) : "";
  const moved = input.moved.length > 0 ? movedSection(input.moved, name) : "";
  const room = limit - bodyLength(marker) - bodyLength(note) - bodyLength(moved);
  if (room < 200) {
    // Only hundreds of refused findings get here: keep them, in as much room as there is.
    if (bodyLength(marker) >= limit) throw new Error(`the review state marker alone is ${bodyLength(marker)} characters, over ${name}'s limit of ${limit}`);
    return marker + fitBody(`${note}${moved}`, limit - bodyLength(marker), name);
  }
  const summary = fitBody(neutralizeModelText(input.summary).replace(/\s*$/, "\n"), room, name);
  return `${marker}${note}${summary}${moved}`;
}

function verdictNote(refused: { verdict: Verdict; message: string }, forge: string): string {
  const what = refused.verdict === "approve" ? "an approval" : "a request for changes";
  return `> [!NOTE]\n> ${forge} did not accept ${what} from this bot (${oneLine(refused.message)}), so the review was posted as a comment.\n\n`;
}

function movedSection(moved: readonly MovedComment[], forge: string): string {
  const items = moved.map(({ comment, reason }) => {
    const text = findingText(comment);
    const cut = bodyLength(text) > MOVED_TEXT_LIMIT ? `${Array.from(text).slice(0, MOVED_TEXT_LIMIT).join("")}...` : text;
    const suggestion = comment.suggestion === undefined ? "" : `\n\nSuggested replacement:\n\n${suggestionBlock(comment.suggestion, "")}`;
    const entry = `\`${neutralizeMarkers(place(comment))}\` (${forge} said: ${oneLine(reason)})\n\n${cut}${suggestion}`;
    return `- ${indent(entry)}`;
  });
  return `\n### Could not be posted inline (${moved.length})\n\n${forge} refused these as inline comments, so they are listed here.\n\n${items.join("\n\n")}\n`;
}

/** Indents the lines after the first, so a multi-line entry stays inside its list item. */
function indent(text: string): string {
  return text.replace(/\n(?=.)/g, "\n  ");
}

function oneLine(text: string): string {
  return neutralizeMarkers(text.replace(/\s+/g, " ").trim());
}
