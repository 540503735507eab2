/**
 * Everything the bot posts that holds text it did not write itself (the model's words, file
 * names, titles, descriptions, error messages) goes through this one function before it
 * reaches a forge, so that a prompt injection that makes the model write it cannot act:
 * no marker opened, closed or faked; nobody mentioned; no GitLab quick action; no raw HTML
 * hiding or disguising text. Code stays as written (see `markdown-prose.ts`).
 */
import { escapeRawHtml } from "./escape-raw-html.js";
import { neutralizeMentions } from "./neutralize-mentions.js";
import { neutralizeQuickActions } from "./neutralize-quick-actions.js";
import { neutralizeMarkers } from "./review-marker.js";

export function neutralizeModelText(markdown: string): string {
  return neutralizeQuickActions(escapeRawHtml(neutralizeMentions(neutralizeMarkers(markdown))));
}
