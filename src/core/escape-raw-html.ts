/**
 * Text the model wrote, made unable to pass as HTML. GitHub and GitLab render some raw HTML
 * in comments: `<details>` folds text away, `<!-- ... -->` hides it, `<img>` loads an image,
 * `<a>` disguises a link. A diff that gets the model to write them (prompt injection) could
 * make the bot show one thing and say another. `<` before a tag, a comment or a declaration
 * becomes `&lt;`, which both forges show as `<`.
 *
 * Code spans, fenced blocks and URLs are left as written (there `&lt;` would show as is).
 * `<sub>` is let through: the bot writes its usage line in it, and it hides nothing.
 */
import { mapProseLines, mapProseSpans } from "./markdown-prose.js";

const HTML_START = /<(?=[A-Za-z/!?])(?!\/?sub>)/g;

export function escapeRawHtml(markdown: string): string {
  return mapProseLines(markdown, (line) => mapProseSpans(line, (text) => text.replace(HTML_START, "&lt;")));
}
