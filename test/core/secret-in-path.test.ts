/**
 * A secret in a file's path: every path the model is shown goes through `promptPath`, a
 * path the change names so is a finding of its own, and an answer that quotes the
 * redacted path still lands on the file.
 */
import { describe, expect, it } from "vitest";
import { anchorFindings } from "../../src/core/anchor.js";
import type { Finding } from "../../src/core/finding.js";
import { parseDiffText } from "../../src/core/parse-diff-text.js";
import { pathSecretFinding } from "../../src/core/path-secret-finding.js";
import { promptPath } from "../../src/core/prompt-path.js";
import { fileHeading } from "../../src/core/render-file.js";
import { chunkMessages, summaryMessages, type PromptContext } from "../../src/llm/build-messages.js";
import { loadPromptTemplates } from "../../src/llm/prompt-templates.js";

// Built at run time so no secret scanner flags this file.
const FAKE_TOKEN = ["ghp", "_", "Zq9Xw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0FeDcBa"].join("");
const PATH = `notes/${FAKE_TOKEN}.txt`;
const SHOWN = "notes/[REDACTED:github-token].txt";

const DIFF = [
  `diff --git a/${PATH} b/${PATH}`,
  "new file mode 100644",
  "index 0000000..1111111",
  "--- /dev/null",
  `+++ b/${PATH}`,
  "@@ -0,0 +1,2 @@",
  "+call the API",
  "+with this one",
  "",
].join("\n");

const context: PromptContext = {
  title: "t",
  description: "d",
  repositoryInstructions: [],
  instructions: "",
  pathInstructions: [{ path: "notes/**", instructions: "Check the notes." }],
  unseenChanges: [],
  redactions: 0,
};

describe("a secret in a file's path", () => {
  it("is replaced wherever a path is shown to the model", () => {
    const [file] = parseDiffText(DIFF);
    expect(promptPath(PATH)).toBe(SHOWN);
    expect(promptPath("src/app.ts")).toBe("src/app.ts");
    expect(fileHeading(file!)).toBe(`### ${SHOWN} (added)\n`);
    expect(fileHeading({ ...file!, status: "renamed", oldPath: `old/${FAKE_TOKEN}.txt`, path: "notes/a.txt" })).toBe(
      "### notes/a.txt (renamed from old/[REDACTED:github-token].txt)\n",
    );
    const templates = loadPromptTemplates();
    const chunk = { index: 1, tokens: 1, files: [{ path: PATH, part: 1, parts: 1, ranges: [] }], text: fileHeading(file!) };
    const sent = [
      ...chunkMessages(templates, context, chunk),
      ...summaryMessages(templates, context, ["s"], [{ severity: "critical", path: PATH, line: 1, title: "Secret" }]),
    ]
      .map((m) => m.content)
      .join("\n");
    expect(sent).not.toContain(FAKE_TOKEN);
    expect(sent).toContain(`For ${SHOWN} (\`notes/**\`)`);
    expect(sent).toContain(`- critical ${SHOWN}:1 Secret`);
  });

  it("is a finding when the change names the file so, and never quotes the secret", () => {
    const found = pathSecretFinding({ path: PATH, status: "added" });
    expect(found).toMatchObject({ path: PATH, line: 1, side: "RIGHT", severity: "critical", source: "secret-scan" });
    expect(found!.body).not.toContain(FAKE_TOKEN);
    expect(found!.secretId).not.toContain(FAKE_TOKEN);
    expect(pathSecretFinding({ path: PATH, status: "renamed" })).not.toBeNull();
    // The base had that name already: it was leaked before this change.
    expect(pathSecretFinding({ path: PATH, status: "modified" })).toBeNull();
    expect(pathSecretFinding({ path: "notes/a.txt", status: "added" })).toBeNull();
  });

  it("maps a model comment on the redacted path back to the file", () => {
    const files = parseDiffText(DIFF);
    const finding: Finding = { path: SHOWN, line: 2, side: "RIGHT", severity: "major", body: "b", source: "model" };
    const anchored = anchorFindings([finding], files);
    expect(anchored.outsideDiff).toEqual([]);
    expect(anchored.comments.map((c) => [c.path, c.line])).toEqual([[PATH, 2]]);
    // A file that was not reviewed is found by its redacted path too.
    const skipped = anchorFindings([finding], [], { skipped: [{ path: PATH, detail: "excluded" }] });
    expect(skipped.outsideDiff.map((f) => f.path)).toEqual([PATH]);
  });
});
