import { describe, expect, it } from "vitest";
import type { DiffLine, FileDiff, Hunk } from "../../../src/core/diff-model.js";
import { isWhitespaceOnly, whitespaceOnlySkip } from "../../../src/core/select/is-whitespace-only.js";
import { isSpacingSensitive } from "../../../src/core/select/spacing-sensitive.js";

/** A parsed file from hunks written as diff text lines (" x", "-x", "+x"). */
function parsed(path: string, ...hunks: string[][]): FileDiff {
  let oldLine = 1;
  let newLine = 1;
  const built: Hunk[] = hunks.map((texts) => {
    const oldStart = oldLine;
    const newStart = newLine;
    const lines: DiffLine[] = texts.map((t) => {
      const text = t.slice(1);
      if (t[0] === "+") return { kind: "add", text, oldLine: null, newLine: newLine++ };
      if (t[0] === "-") return { kind: "del", text, oldLine: oldLine++, newLine: null };
      return { kind: "context", text, oldLine: oldLine++, newLine: newLine++ };
    });
    oldLine += 10;
    newLine += 10;
    return {
      header: `@@ -${oldStart} +${newStart} @@`,
      oldStart,
      oldLines: oldLine - 10 - oldStart,
      newStart,
      newLines: newLine - 10 - newStart,
      lines,
      oldNoNewlineAtEnd: false,
      newNoNewlineAtEnd: false,
    };
  });
  const additions = built.flatMap((h) => h.lines).filter((l) => l.kind === "add").length;
  const deletions = built.flatMap((h) => h.lines).filter((l) => l.kind === "del").length;
  return {
    path,
    oldPath: path,
    status: "modified",
    binary: false,
    submodule: false,
    oldMode: "100644",
    newMode: "100644",
    similarity: null,
    additions,
    deletions,
    patchBytes: 100,
    hunks: built,
  };
}

describe("isWhitespaceOnly (what git diff -b shows nothing for)", () => {
  it("accepts a re-indent, a different amount of spacing inside lines, and trailing whitespace", () => {
    expect(isWhitespaceOnly(parsed("a.ts", [" if (x) {", "-  foo(a,  b);", "-  bar();  ", "+    foo(a, b);", "+\tbar();", " }"]))).toBe(true);
  });

  it("accepts tabs for spaces and a change of line ends", () => {
    expect(isWhitespaceOnly(parsed("a.ts", ["-a\r", "-\tb  c\r", "+a", "+    b\tc"]))).toBe(true);
  });

  it("counts whitespace put where there was none as a change", () => {
    expect(isWhitespaceOnly(parsed("run.ts", ['-exec("rm -rf /tmp/build");', '+exec("rm -rf / tmp/build");']))).toBe(false);
    expect(isWhitespaceOnly(parsed("a.ts", ["-foo(a,b);", "+foo(a, b);"]))).toBe(false);
    expect(isWhitespaceOnly(parsed("a.ts", ["-foo();", "+  foo();"]))).toBe(false);
  });

  it("counts whitespace taken away entirely as a change", () => {
    expect(isWhitespaceOnly(parsed("a.ts", ["-x = a + b;", "+x = a +b;"]))).toBe(false);
    expect(isWhitespaceOnly(parsed("a.ts", ["-  foo();", "+foo();"]))).toBe(false);
  });

  it("compares string literals like the rest of the line, as git does", () => {
    expect(isWhitespaceOnly(parsed("a.ts", ["-s = 'a  b'", "+s = 'a b'"]))).toBe(true);
    expect(isWhitespaceOnly(parsed("a.ts", ["-s = 'ab'", "+s = 'a b'"]))).toBe(false);
  });

  it("takes a CR for whitespace only at the end of a line, where a lone CR inside a line ends it", () => {
    expect(isWhitespaceOnly(parsed("a.ts", ["-a b\r", "+a  b \r"]))).toBe(true);
    expect(isWhitespaceOnly(parsed("a.js", ["-  // wipe: drop(db);", "+  // wipe:\rdrop(db);"]))).toBe(false);
    expect(isWhitespaceOnly(parsed("a.js", ["-a \r b", "+a \r  b"]))).toBe(true);
  });

  it("does not take vertical tab, form feed or a no-break space for whitespace", () => {
    expect(isWhitespaceOnly(parsed("a.ts", ["-a b", "+a\vb"]))).toBe(false);
    expect(isWhitespaceOnly(parsed("a.ts", ["-a b", "+a\fb"]))).toBe(false);
    expect(isWhitespaceOnly(parsed("a.ts", ["-a b", "+a\u00a0b"]))).toBe(false);
  });

  it("rejects reordered lines, even when each moved line is only re-spaced", () => {
    expect(isWhitespaceOnly(parsed("a.ts", ["-const db = connect();", "-migrate(db);", "+migrate(db);", "+const db = connect();"]))).toBe(false);
    expect(isWhitespaceOnly(parsed("a.ts", ["-a", "-b", "+ b", "+ a"]))).toBe(false);
  });

  it("rejects a blank line added or removed", () => {
    expect(isWhitespaceOnly(parsed("a.ts", [" a", "+", " b"]))).toBe(false);
    expect(isWhitespaceOnly(parsed("a.ts", [" a", "-   ", " b"]))).toBe(false);
    // A blank line that only gains or loses spaces stays a blank line.
    expect(isWhitespaceOnly(parsed("a.ts", [" a", "-", "+   ", " b"]))).toBe(true);
  });

  it("rejects a real change", () => {
    expect(isWhitespaceOnly(parsed("a.ts", ["-a = 1", "+a = 2"]))).toBe(false);
    expect(isWhitespaceOnly(parsed("a.ts", ["+a = 2"]))).toBe(false);
    expect(isWhitespaceOnly(parsed("a.ts", ["-a = 1"]))).toBe(false);
  });

  it("rejects a change that is whitespace-only in one hunk but not in another", () => {
    expect(isWhitespaceOnly(parsed("a.ts", ["-a", "+ a"], ["-b", "+c"]))).toBe(false);
  });

  it("pairs lines within a hunk, not across hunks", () => {
    expect(isWhitespaceOnly(parsed("a.ts", ["-moved();"], ["+moved();"]))).toBe(false);
  });

  it("rejects a file with no changed line", () => {
    expect(isWhitespaceOnly(parsed("a.ts"))).toBe(false);
    expect(isWhitespaceOnly(parsed("a.ts", [" a", " b"]))).toBe(false);
  });

  it("never skips a file where spacing is meaning, not even for spacing inside a line", () => {
    const respaced = ["-    x=f(a,  b)  ", "+    x=f(a, b)"];
    for (const path of ["app.py", "ci.yml", "Makefile", "rules.mk", "Main.hs", "app.nim", "style.sass", "BUILD", "bin/deploy"]) {
      expect(isWhitespaceOnly(parsed(path, respaced)), path).toBe(false);
    }
    expect(isWhitespaceOnly(parsed("app.ts", respaced))).toBe(true);
    expect(isWhitespaceOnly(parsed("README.md", respaced))).toBe(true);
  });

  it("has a skip entry for the caller to record", () => {
    expect(whitespaceOnlySkip({ path: "a.ts" })).toEqual({
      path: "a.ts",
      reason: "whitespace-only",
      detail: "whitespace-only change (git diff -b shows nothing)",
    });
  });
});

describe("isSpacingSensitive", () => {
  it.each(["a.py", "x/y.PYI", "ci.yaml", ".github/workflows/ci.yml", "Makefile", "GNUmakefile", "build.mk", "M.lhs", "P.fs", "a.coffee", "v.pug", "s.styl", "h.haml", "t.slim", "E.elm", "p.cabal", "d.nix", "doc.rst", "setup.cfg", "data.tsv", "defs.bzl", "Snakefile", "scripts/run", ".bashrc",
    // Under a template or example suffix, the language under it; and YAML and Python under their own names.
    "purge.py.in", "pod.yml.j2", "pod.yaml.tpl", "job.py.tmpl", "x.yaml.gotmpl", "conf.ini.example", "Makefile.in", "_helpers.tpl", "init.sls", "api.raml", "CITATION.cff", "utils.pxi", "BUILD.bazel"])(
    "knows %s is spacing-sensitive",
    (path) => expect(isSpacingSensitive(path)).toBe(true),
  );

  it.each(["a.ts", "b.js", "c.go", "d.rs", "e.java", "f.c", "g.css", "h.scss", "README.md", "x.json", ".eslintrc.json", "index.html.erb", "app.ts.template", "config.json.dist"])(
    "knows %s is not",
    (path) => expect(isSpacingSensitive(path)).toBe(false),
  );
});
