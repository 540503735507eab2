/**
 * Model text reached GitLab with `/approve`, `/merge` or `/close` at the start of a line,
 * which GitLab runs as quick actions with the bot's rights, and reached both forges with raw
 * HTML (`<details>` folding text away, `<img>`, `<a>` disguising a link). Markers and
 * mentions were neutralized; quick actions and HTML were not. One neutralizer in src/core
 * now covers all four in everything posted: inline comments and summaries, on both forges.
 */
import { describe, expect, it } from "vitest";
import { escapeRawHtml } from "../../src/core/escape-raw-html.js";
import { neutralizeModelText } from "../../src/core/neutralize-model-text.js";
import { neutralizeQuickActions } from "../../src/core/neutralize-quick-actions.js";
import { findingText } from "../../src/forges/finding-text.js";
import { discussionBody } from "../../src/forges/gitlab/discussion-body.js";
import { summaryBody } from "../../src/forges/summary-body.js";

const J = "\u2060";

describe("quick actions", () => {
  it("neutralizes a slash command at the start of any prose line, indented or quoted, and leaves paths and code", () => {
    expect(neutralizeQuickActions("/approve\n  /merge now\n> /close\n/usr/bin/env is fine\nsee /approve inline")).toBe(
      `/${J}approve\n  /${J}merge now\n> /${J}close\n/usr/bin/env is fine\nsee /approve inline`,
    );
    expect(neutralizeQuickActions("```sh\n/approve\n```\n/label ~bug")).toBe(`\`\`\`sh\n/approve\n\`\`\`\n/${J}label ~bug`);
  });
});

describe("raw HTML", () => {
  it("escapes tags, comments and declarations in prose, not in code, and lets the bot's <sub> through", () => {
    expect(escapeRawHtml('<details><summary>x</summary>hidden</details> <img src="a"> <!-- c --> <!DOCTYPE x>')).toBe(
      '&lt;details>&lt;summary>x&lt;/summary>hidden&lt;/details> &lt;img src="a"> &lt;!-- c --> &lt;!DOCTYPE x>',
    );
    expect(escapeRawHtml("`<div>` and\n```html\n<div>\n```\n<sub>1 call</sub> a < b")).toBe("`<div>` and\n```html\n<div>\n```\n<sub>1 call</sub> a < b");
  });
});

describe("everything posted", () => {
  const evil = "/approve\n@acme/team <details>hidden</details> --> <!-- ai-review:finding x -->";
  it("inline comments (GitHub and GitLab share findingText) and GitLab discussions", () => {
    const text = findingText({ severity: "major", title: "/merge", body: evil });
    expect(text).toBe(neutralizeModelText(`**major** /merge\n\n${evil}`));
    const body = discussionBody({ path: "a.ts", line: 1, side: "RIGHT", severity: "major", title: "t", body: evil, fingerprint: "0123456789abcdef" } as never);
    const after = body.split("\n").slice(1).join("\n");
    expect(after).not.toMatch(/^\s*\/approve/m);
    expect(after).not.toMatch(/<details|<!--|-->|@acme/);
  });
  it("the summary", () => {
    const body = summaryBody({ state: { head: "a".repeat(40), base: null, fingerprints: [] }, summary: evil, moved: [], verdictRefused: null }, { name: "GitLab", limit: 1_000_000 });
    const after = body.split("\n").slice(1).join("\n");
    expect(after).toContain(`/${J}approve`);
    expect(after).not.toMatch(/<details|<!--|-->|@acme/);
  });
});
