import { describe, expect, it } from "vitest";
import { configGlobMatcher } from "../../../src/core/select/config-glob-matcher.js";

describe("config glob reading (gitignore-like)", () => {
  const matches = (pattern: string, path: string) => configGlobMatcher(pattern)(path);

  it("matches a pattern without a slash against names at any depth", () => {
    expect(matches("*.md", "README.md")).toBe(true);
    expect(matches("*.md", "docs/deep/guide.md")).toBe(true);
    expect(matches("*.md", "docs/guide.mdx")).toBe(false);
  });

  it("matches a pattern with a slash against the whole path from the root", () => {
    expect(matches("docs/*.md", "docs/a.md")).toBe(true);
    expect(matches("docs/*.md", "site/docs/a.md")).toBe(false);
    expect(matches("src/**/*.test.ts", "src/a/b/c.test.ts")).toBe(true);
    expect(matches("**/*.test.ts", "c.test.ts")).toBe(true);
  });

  it("anchors with a leading slash", () => {
    expect(matches("/README.md", "README.md")).toBe(true);
    expect(matches("/README.md", "pkg/README.md")).toBe(false);
    expect(matches("README.md", "pkg/README.md")).toBe(true);
  });

  it("matches everything inside a matched folder", () => {
    expect(matches("fixtures", "test/fixtures/a/b.json")).toBe(true);
    expect(matches("src/gen", "src/gen/x/y.ts")).toBe(true);
    expect(matches("src/*", "src/a/b.ts")).toBe(true);
    expect(matches("src/gen", "src/generator.ts")).toBe(false);
  });

  it("makes a trailing slash mean folders only", () => {
    expect(matches("build/", "build/out.js")).toBe(true);
    expect(matches("build/", "tools/build/out.js")).toBe(true);
    expect(matches("build/", "scripts/build")).toBe(false);
    expect(matches("tools/build/", "tools/build/out.js")).toBe(true);
    expect(matches("tools/build/", "x/tools/build/out.js")).toBe(false);
  });

  it("includes dotfiles and dot folders", () => {
    expect(matches("*.yml", ".github/workflows/ci.yml")).toBe(true);
    expect(matches(".github", ".github/workflows/ci.yml")).toBe(true);
    expect(matches("**", ".env")).toBe(true);
  });

  it("refuses negation and empty patterns with a message that says what to do", () => {
    expect(() => configGlobMatcher("!src/**")).toThrow(/negation is not supported; put the files to skip in exclude/);
    expect(() => configGlobMatcher("  ")).toThrow(/empty path pattern/);
    expect(() => configGlobMatcher("/")).toThrow(/whole repository/);
    });
});
