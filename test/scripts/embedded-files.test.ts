import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { embeddedFiles, PROMPT_NAMES, ROOT } from "../../scripts/embedded-files.js";
import { PACKAGE_VERSION } from "../../src/entries/package-version.js";
import { loadPromptTemplates } from "../../src/llm/prompt-templates.js";

describe("embedded prompts and version", () => {
  it("are in step with prompts/*.md and package.json (run `npx tsx scripts/write-embedded-files.ts` after editing them)", () => {
    for (const file of embeddedFiles()) {
      expect(readFileSync(path.join(ROOT, file.path), "utf8"), file.path).toBe(file.text);
    }
  });

  it("serve the markdown exactly as written, and the package's version", () => {
    const templates = loadPromptTemplates();
    for (const name of PROMPT_NAMES) expect(templates[name]).toBe(readFileSync(path.join(ROOT, "prompts", `${name}.md`), "utf8"));
    expect(PACKAGE_VERSION).toBe((JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string }).version);
  });

  it("notice an edited prompt (the staleness check can fail)", () => {
    const copy = mkdtempSync(path.join(os.tmpdir(), "ai-review-embedded-"));
    try {
      cpSync(path.join(ROOT, "prompts"), path.join(copy, "prompts"), { recursive: true });
      cpSync(path.join(ROOT, "package.json"), path.join(copy, "package.json"));
      writeFileSync(path.join(copy, "prompts", "chunk.md"), "Review {{diff}} with care.\n");
      const prompts = embeddedFiles(copy).find((f) => f.path === "src/llm/prompt-texts.ts")!;
      expect(prompts.text).toContain(JSON.stringify("Review {{diff}} with care.\n"));
      expect(prompts.text).not.toBe(readFileSync(path.join(ROOT, prompts.path), "utf8"));
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});
