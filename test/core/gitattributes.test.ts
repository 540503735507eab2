import { describe, expect, it } from "vitest";
import {
  compileLinguistAttributes,
  gitPatternMatcher,
  parseGitAttributes,
} from "../../src/core/gitattributes.js";

const lookup = (text: string) => compileLinguistAttributes(parseGitAttributes(text));

describe("parseGitAttributes", () => {
  it("reads the set, unset and unspecified forms of both attributes", () => {
    const parsed = parseGitAttributes(
      [
        "a linguist-generated",
        "b linguist-generated=true",
        "c -linguist-generated",
        "d linguist-generated=false",
        "e !linguist-generated",
        "f linguist-generated=1",
        "g linguist-vendored",
        "h -linguist-vendored",
      ].join("\n"),
    );
    expect(parsed.generated.map((r) => [r.pattern, r.value])).toEqual([
      ["a", true],
      ["b", true],
      ["c", false],
      ["d", false],
      ["e", null],
      ["f", true],
    ]);
    expect(parsed.vendored.map((r) => [r.pattern, r.value])).toEqual([
      ["g", true],
      ["h", false],
    ]);
    expect(parsed.warnings).toEqual([]);
  });

  it("skips comments, blank lines and other attributes, and keeps line numbers", () => {
    const parsed = parseGitAttributes(
      [
        "# generated code",
        "",
        "   ",
        "*.sh text eol=lf",
        "  *.pb.go  -diff\tlinguist-generated  linguist-vendored=false",
        "#*.js linguist-generated",
      ].join("\n"),
    );
    expect(parsed.generated).toEqual([{ pattern: "*.pb.go", value: true, line: 5 }]);
    expect(parsed.vendored).toEqual([{ pattern: "*.pb.go", value: false, line: 5 }]);
  });

  it("accepts CRLF line ends and a byte order mark", () => {
    const parsed = parseGitAttributes("\uFEFF*.gen.ts linguist-generated\r\ndist/** linguist-vendored\r\n");
    expect(parsed.generated).toEqual([{ pattern: "*.gen.ts", value: true, line: 1 }]);
    expect(parsed.vendored).toEqual([{ pattern: "dist/**", value: true, line: 2 }]);
  });

  it("ignores negative patterns with a warning, as git does", () => {
    const parsed = parseGitAttributes("!keep.ts linguist-generated\n");
    expect(parsed.generated).toEqual([]);
    expect(parsed.warnings).toHaveLength(1);
    expect(parsed.warnings[0]!.line).toBe(1);
    expect(parsed.warnings[0]!.message).toMatch(/negative pattern "!keep.ts"/);
  });

  it("takes an escaped leading ! as a literal name", () => {
    const found = lookup("\\!important.ts linguist-generated\n");
    expect(found.generated("!important.ts")?.value).toBe(true);
    expect(found.generated("important.ts")).toBeNull();
  });

  it("warns about folder patterns, which never mark the files inside in git", () => {
    const parsed = parseGitAttributes("gen/ linguist-generated\n");
    expect(parsed.generated).toEqual([]);
    expect(parsed.warnings[0]!.message).toMatch(/write "gen\/\*\*"/);
  });

  it("does not expand macros, and says so", () => {
    const text = "[attr]gen linguist-generated -diff\n*.out gen\n";
    const parsed = parseGitAttributes(text);
    expect(parsed.generated).toEqual([]);
    expect(parsed.warnings).toEqual([{ line: 1, message: expect.stringMatching(/macro definitions/) }]);
    // Only lines that mention a Linguist attribute can warn: "*.out gen" is silent.
    expect(lookup(text).generated("a.out")).toBeNull();
  });

  it("reads quoted patterns with spaces and octal UTF-8 escapes", () => {
    const parsed = parseGitAttributes(
      ['"gen files/*.ts" linguist-generated', '"caf\\303\\251.js" linguist-vendored', '"a\\"b" linguist-generated'].join("\n"),
    );
    expect(parsed.generated.map((r) => r.pattern)).toEqual(["gen files/*.ts", 'a"b']);
    expect(parsed.vendored.map((r) => r.pattern)).toEqual(["café.js"]);
  });

  it("warns about an unterminated quote", () => {
    const parsed = parseGitAttributes('"broken linguist-generated\n');
    expect(parsed.generated).toEqual([]);
    expect(parsed.warnings[0]!.message).toMatch(/unterminated/);
  });
});

describe("the diff attribute", () => {
  it("reads -diff and the binary macro as binary, diff and diff=<driver> as text, !diff as unspecified", () => {
    const found = lookup(["*.dat -diff", "*.bin binary", "keep.dat diff", "*.tex diff=tex", "x.dat !diff"].join("\n"));
    expect(found.binary("a/b.dat")).toEqual({ pattern: "*.dat", value: true, line: 1 });
    expect(found.binary("m.bin")?.value).toBe(true);
    expect(found.binary("keep.dat")?.value).toBe(false);
    expect(found.binary("paper.tex")?.value).toBe(false);
    expect(found.binary("x.dat")?.value).toBeNull();
    expect(found.binary("a.ts")).toBeNull();
  });
});

describe("compileLinguistAttributes", () => {
  it("lets the last matching line decide", () => {
    const found = lookup(["api/** linguist-generated", "api/hand.ts -linguist-generated", "*.ts !linguist-generated", "api/x.ts linguist-generated"].join("\n"));
    expect(found.generated("api/client.js")).toEqual({ pattern: "api/**", value: true, line: 1 });
    expect(found.generated("api/hand.js")?.value).toBe(true);
    // `*.ts` comes after `api/hand.ts` and wins: unspecified again.
    expect(found.generated("api/hand.ts")).toEqual({ pattern: "*.ts", value: null, line: 3 });
    expect(found.generated("api/x.ts")?.value).toBe(true);
    expect(found.generated("other.go")).toBeNull();
  });

  it("keeps the two attributes apart", () => {
    const found = lookup("lib/** linguist-vendored\n");
    expect(found.vendored("lib/a.js")?.value).toBe(true);
    expect(found.generated("lib/a.js")).toBeNull();
  });

  it("returns null for everything when there are no rules", () => {
    const found = lookup("");
    expect(found.generated("a")).toBeNull();
    expect(found.vendored("vendor/a")).toBeNull();
  });
});

describe("gitPatternMatcher", () => {
  it("matches a pattern without a slash against the file name at any depth", () => {
    const m = gitPatternMatcher("*.pb.go");
    expect(m("a.pb.go")).toBe(true);
    expect(m("deep/er/a.pb.go")).toBe(true);
    expect(m("a.pb.go.txt")).toBe(false);
  });

  it("anchors a pattern with a slash at the root, with or without a leading slash", () => {
    for (const pattern of ["gen/*.ts", "/gen/*.ts"]) {
      const m = gitPatternMatcher(pattern);
      expect(m("gen/a.ts"), pattern).toBe(true);
      expect(m("src/gen/a.ts"), pattern).toBe(false);
      // A single star stays within one folder, as in git.
      expect(m("gen/sub/a.ts"), pattern).toBe(false);
    }
    expect(gitPatternMatcher("/README.md")("README.md")).toBe(true);
    expect(gitPatternMatcher("/README.md")("docs/README.md")).toBe(false);
  });

  it("lets ** cross folders", () => {
    expect(gitPatternMatcher("gen/**")("gen/sub/a.ts")).toBe(true);
    expect(gitPatternMatcher("**/gen/**")("x/gen/sub/a.ts")).toBe(true);
    expect(gitPatternMatcher("**/gen/**")("gen/a.ts")).toBe(true);
  });

  it("matches dotfiles and dot folders", () => {
    expect(gitPatternMatcher("*.yml")(".github/workflows/.ci.yml")).toBe(true);
    expect(gitPatternMatcher(".yarn/**")(".yarn/releases/yarn.cjs")).toBe(true);
  });
});
