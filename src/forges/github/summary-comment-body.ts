import { neutralizeMentions } from "../../core/neutralize-mentions.js";
import { place } from "../../core/render-review-text.js";
import { neutralizeMarkers, summaryMarker, type ReviewState } from "../../core/review-marker.js";
import type { ReviewComment } from "../../core/review-result.js";
import type { Verdict } from "../../core/verdict.js";
import { bodyLength, fitGitHubBody, GITHUB_BODY_LIMIT } from "./fit-github-body.js";
import { findingText } from "./review-comment-payload.js";
import { suggestionBlock } from "./suggestion-block.js";

/** A finding GitHub refused as an inline comment, with what GitHub said. */
export interface MovedComment {
  comment: ReviewComment;
  reason: string;
}

export interface SummaryCommentInput {
  state: ReviewState;
  /** The review's summary markdown (`Review.summary`); model text in it is neutralized here (markers, @mentions). */
  summary: string;
  moved: readonly MovedComment[];
  /** Set when GitHub refused the verdict and the review went out as a comment. */
  verdictRefused: { verdict: Verdict; message: string } | null;
}

/** A moved finding's text is kept whole up to this many characters, so many fit in one comment. */
const MOVED_TEXT_LIMIT = 2_000;

/**
 * The summary comment: the state marker first (the next run reads it from there and only
 * there), a note when the verdict fell back to a comment, the summary, and the findings
 * GitHub would not take inline, so that none is lost. It fits GitHub's 65,536 characters:
 * the summary is cut first, since its findings are also inline or listed below.
 */
export function summaryCommentBody(input: SummaryCommentInput, limit = GITHUB_BODY_LIMIT): string {
  const marker = `${summaryMarker(input.state)}\n`;
  const note = input.verdictRefused ? verdictNote(input.verdictRefused) : "";
  const moved = input.moved.length > 0 ? movedSection(input.moved) : "";
  const room = limit - bodyLength(marker) - bodyLength(note) - bodyLength(moved);
  if (room < 200) {
    // Only hundreds of refused findings get here: keep them, in as much room as there is.
    if (bodyLength(marker) >= limit) throw new Error(`the review state marker alone is ${bodyLength(marker)} characters, over GitHub's limit of ${limit}`);
    return marker + fitGitHubBody(`${note}${moved}`, limit - bodyLength(marker));
  }
  const summary = fitGitHubBody(neutralizeMentions(neutralizeMarkers(input.summary)).replace(/\s*$/, "\n"), room);
  return `${marker}${note}${summary}${moved}`;
}

function verdictNote(refused: { verdict: Verdict; message: string }): string {
  const what = refused.verdict === "approve" ? "an approval" : "a request for changes";
  return `> [!NOTE]\n> GitHub did not accept ${what} from this bot (${oneLine(refused.message)}), so the review was posted as a comment.\n\n`;
}

function movedSection(moved: readonly MovedComment[]): string {
  const items = moved.map(({ comment, reason }) => {
    const text = findingText(comment);
    const cut = bodyLength(text) > MOVED_TEXT_LIMIT ? `${Array.from(text).slice(0, MOVED_TEXT_LIMIT).join("")}...` : text;
    const suggestion = comment.suggestion === undefined ? "" : `\n\nSuggested replacement:\n\n${suggestionBlock(comment.suggestion, "")}`;
    const entry = `\`${neutralizeMarkers(place(comment))}\` (GitHub said: ${oneLine(reason)})\n\n${cut}${suggestion}`;
    return `- ${indent(entry)}`;
  });
  return `\n### Could not be posted inline (${moved.length})\n\nGitHub refused these as inline comments, so they are listed here.\n\n${items.join("\n\n")}\n`;
}

/** Indents the lines after the first, so a multi-line entry stays inside its list item. */
function indent(text: string): string {
  return text.replace(/\n(?=.)/g, "\n  ");
}

function oneLine(text: string): string {
  return neutralizeMarkers(text.replace(/\s+/g, " ").trim());
}
