import { describe, expect, it } from "vitest";
import { neutralizeMentions } from "../../src/core/neutralize-mentions.js";

const J = "\u2060";

describe("neutralizeMentions", () => {
  it("puts a word joiner after the @ of logins and teams in prose, keeping the words", () => {
    expect(neutralizeMentions("cc @octocat and @acme/everyone.")).toBe(`cc @${J}octocat and @${J}acme/everyone.`);
    expect(neutralizeMentions("@alice please fix\n(@bob)")).toBe(`@${J}alice please fix\n(@${J}bob)`);
  });

  it("leaves e-mail addresses, a lone @ and text already neutralized alone", () => {
    const text = `mail dev@example.com, or @ someone; @${J}carol`;
    expect(neutralizeMentions(text)).toBe(text);
    expect(neutralizeMentions(neutralizeMentions("@dave"))).toBe(`@${J}dave`);
  });

  it("leaves code spans, closed fenced blocks and URLs as written", () => {
    const text = [
      "Use `@Override` and ``a ` @b``; see https://www.npmjs.com/package/@octokit/rest.",
      "```ts",
      "@Component({})",
      "```",
      "~~~~",
      "@decorator",
      "~~~~",
      "   ```",
      "   @indented",
      "   ```",
    ].join("\n");
    expect(neutralizeMentions(text)).toBe(text);
  });

  it("treats what a forge would not render as code as prose", () => {
    // An unclosed fence, a code span across lines, a fence whose content is outdented (it
    // ends a list item, and the block with it), and fences behind a list or quote marker.
    expect(neutralizeMentions("```\n@team")).toBe(`\`\`\`\n@${J}team`);
    expect(neutralizeMentions("`a\n@team`")).toBe(`\`a\n@${J}team\``);
    expect(neutralizeMentions("- item\n  ```\n@team\n  ```")).toBe(`- item\n  \`\`\`\n@${J}team\n  \`\`\``);
    expect(neutralizeMentions("- ```\n  @team\n  ```")).toBe(`- \`\`\`\n  @${J}team\n  \`\`\``);
    expect(neutralizeMentions("> ```\n> @team\n> ```")).toBe(`> \`\`\`\n> @${J}team\n> \`\`\``);
  });

  it("neutralizes the prose between code on the same line", () => {
    expect(neutralizeMentions("`x` @a `y` @b")).toBe(`\`x\` @${J}a \`y\` @${J}b`);
    expect(neutralizeMentions("``` not a fence ``` @c")).toBe(`\`\`\` not a fence \`\`\` @${J}c`);
  });
});
