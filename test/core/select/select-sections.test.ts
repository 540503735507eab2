import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { FileSection } from "../../../src/core/diff-model.js";
import { parseGitAttributes } from "../../../src/core/gitattributes.js";
import { DEFAULT_MAX_FILE_BYTES, selectSections, type SelectOptions } from "../../../src/core/select/select-sections.js";
import { SKIP_REASONS, type SkippedFile } from "../../../src/core/select/skipped-file.js";
import { modifiedFileHeader } from "../../support/file-header.js";

// ---------------------------------------------------------------------------------------
// Builders

const SMALL_CHANGE = "@@ -1,3 +1,3 @@\n const a = 1;\n-const b = 2;\n+const b = 3;\n const c = 4;\n";

/** A modified text file with a small ordinary change, unless `over` says otherwise. */
function section(path: string, over: Partial<FileSection> = {}): FileSection {
  const body = over.body ?? SMALL_CHANGE;
  return {
    ...modifiedFileHeader(path),
    additions: 1,
    deletions: 1,
    patchBytes: Buffer.byteLength(body),
    body,
    bodyLine: 5,
    ...over,
  };
}

/** A new file with the given lines. */
function added(path: string, lines: string[], over: Partial<FileSection> = {}): FileSection {
  const body = `@@ -0,0 +1,${lines.length} @@\n${lines.map((l) => `+${l}\n`).join("")}`;
  return section(path, { status: "added", oldMode: null, newMode: "100644", additions: lines.length, deletions: 0, body, ...over });
}

function select(sections: FileSection[], options: SelectOptions = {}) {
  return selectSections(sections, options);
}

/** The skip for a single section, or null when it is selected. */
function skipOf(s: FileSection, options: SelectOptions = {}): SkippedFile | null {
  const result = select([s], options);
  return result.skipped[0] ?? null;
}

function reasonOf(s: FileSection, options: SelectOptions = {}): string | null {
  return skipOf(s, options)?.reason ?? null;
}

// ---------------------------------------------------------------------------------------

describe("selectSections", () => {
  it("selects an ordinary source change", () => {
    const s = section("src/app.ts");
    expect(select([s])).toEqual({ selected: [s], skipped: [] });
  });

  it("exports its reason codes and default size limit", () => {
    expect(SKIP_REASONS).toContain("whitespace-only");
    expect(DEFAULT_MAX_FILE_BYTES).toBe(200_000);
  });

  describe("config include / exclude", () => {
    it("skips a file matched by exclude, naming the pattern", () => {
      expect(skipOf(section("docs/guide.md"), { exclude: ["*.txt", "docs/**"] })).toEqual({
        path: "docs/guide.md",
        reason: "excluded",
        detail: 'excluded by config pattern "docs/**" (exclude)',
      });
    });

    it("requires a match with include when include is given", () => {
      const options = { include: ["src/**"] };
      expect(reasonOf(section("src/a.ts"), options)).toBeNull();
      expect(skipOf(section("test/a.ts"), options)).toEqual({
        path: "test/a.ts",
        reason: "not-included",
        detail: "matches no include pattern (include)",
      });
    });

    it("treats an empty include as 'everything'", () => {
      expect(reasonOf(section("anything/at/all.rs"), { include: [] })).toBeNull();
    });

    it("lets exclude win over include", () => {
      const options = { include: ["src/**"], exclude: ["*.test.ts"] };
      expect(reasonOf(section("src/a.ts"), options)).toBeNull();
      expect(reasonOf(section("src/a.test.ts"), options)).toBe("excluded");
    });

    it("checks config before every default rule", () => {
      expect(reasonOf(section("package-lock.json"), { exclude: ["*.json"] })).toBe("excluded");
      expect(reasonOf(section("vendor/a.go", { status: "deleted" }), { include: ["src/**"] })).toBe("not-included");
    });

    it("does not let include bring back a file a default rule skips", () => {
      expect(reasonOf(section("package-lock.json"), { include: ["*.json"] })).toBe("lockfile");
    });

    it("refuses a negated pattern with a message that says what to do", () => {
      expect(() => select([section("a.ts")], { exclude: ["!a.ts"] })).toThrow(/negation is not supported/);
    });

    it("matches the path of the new tree, not a rename's old path", () => {
      const moved = section("src/a.ts", { oldPath: "legacy/a.ts", status: "renamed" });
      expect(reasonOf(moved, { exclude: ["legacy/**"] })).toBeNull();
    });
  });

  describe("lockfiles", () => {
    it.each([
      "package-lock.json",
      "npm-shrinkwrap.json",
      "yarn.lock",
      "pnpm-lock.yaml",
      "bun.lockb",
      "bun.lock",
      "Cargo.lock",
      "go.sum",
      "poetry.lock",
      "Pipfile.lock",
      "uv.lock",
      "composer.lock",
      "Gemfile.lock",
      "mix.lock",
      "pubspec.lock",
      "Podfile.lock",
      "packages.lock.json",
      "flake.lock",
      "gradle.lockfile",
      "buildscript-gradle.lockfile",
      "gradle/dependency-locks/compileClasspath.lockfile",
      "apps/web/package-lock.json",
    ])("skips %s", (path) => {
      const name = path.slice(path.lastIndexOf("/") + 1);
      expect(skipOf(section(path))).toEqual({ path, reason: "lockfile", detail: `lockfile (${name})` });
    });

    it("does not take look-alikes for lockfiles", () => {
      expect(reasonOf(section("src/package-lock.ts"))).toBeNull();
      expect(reasonOf(section("yarn.lock.md"))).toBeNull();
      expect(reasonOf(section("package.json"))).toBeNull();
    });
  });

  describe("minified files", () => {
    it.each(["dist/app.min.js", "static/site.min.css", "lib/jquery-min.js", "a.MIN.JS", "x.min.mjs"])("skips %s by name", (path) => {
      expect(reasonOf(section(path))).toBe("minified");
    });

    it("does not take names that merely contain 'min' for minified", () => {
      expect(reasonOf(section("src/admin.js"))).toBeNull();
      expect(reasonOf(section("min.js"))).toBeNull();
    });

    it("skips a big file whose lines are very long, whatever its name, and marks the guess", () => {
      const s = added("public/bundle.js", ["/*! license */", "x".repeat(50_000)]);
      expect(skipOf(s)).toEqual({
        path: "public/bundle.js",
        reason: "minified",
        detail: "minified? lines of 8,183 characters on average",
        changeControlled: true,
      });
    });

    it("reviews a small file whose only line is long: sending it costs little", () => {
      expect(reasonOf(added("src/config.ts", [`export const ALLOWED = "${"a,".repeat(1_500)}";`]))).toBeNull();
      expect(reasonOf(added("src/config.ts", [`export const ALLOWED = "${"a,".repeat(9_000)}";`]))).toBe("minified");
    });

    it("sees a minified file being changed even when the old line fills the scanned window", () => {
      const body = `@@ -1 +1 @@\n-${"a".repeat(60_000)}\n+${"b".repeat(60_000)}\n`;
      expect(reasonOf(section("public/bundle.js", { body }))).toBe("minified");
    });

    it("keeps an ordinary file with one long line", () => {
      const body =
        "@@ -10,7 +10,7 @@\n" +
        [" import a from 'a';", " import b from 'b';", " ", `-const logo = "${"A".repeat(1200)}";`, `+const logo = "${"B".repeat(1200)}";`, " ", " export { a };", " export { b };"]
          .map((l) => `${l}\n`)
          .join("");
      expect(reasonOf(section("src/logo.ts", { body }))).toBeNull();
    });

    it("keeps prose written one paragraph per line", () => {
      expect(reasonOf(added("docs/essay.md", ["p".repeat(3000), "q".repeat(3000)]))).toBeNull();
    });
  });

  describe("source maps", () => {
    it.each(["dist/app.js.map", "dist/site.css.map"])("skips %s", (path) => {
      expect(skipOf(section(path))).toEqual({ path, reason: "source-map", detail: "source map (*.map)" });
    });
  });

  describe("generated files", () => {
    it.each([
      ["api/user.pb.go", "protobuf output"],
      ["api/user.pb.gw.go", "protobuf output"],
      ["py/user_pb2.py", "protobuf output"],
      ["py/user_pb2_grpc.py", "protobuf output"],
      ["web/user_pb.js", "protobuf output"],
      ["src/schema.generated.ts", "*.generated.*"],
      ["pkg/apis/zz_generated.deepcopy.go", "zz_generated.*"],
      ["lib/model.g.dart", "Dart build_runner output"],
      ["src/__generated__/Query.graphql.ts", "under __generated__/"],
      [".pnp.cjs", "Yarn Plug'n'Play loader"],
    ])("skips %s by name", (path, label) => {
      expect(skipOf(section(path))).toEqual({ path, reason: "generated", detail: `generated (name: ${label})` });
    });

    /** A modified file whose base already has `header` on line 3. */
    const withBaseHeader = (path: string, header: string) =>
      section(path, { body: `@@ -1,4 +1,4 @@\n // Copyright 2024 Example\n \n ${header}\n-export const x = 1;\n+export const x = 2;\n` });

    it.each([
      ["// Code generated by protoc-gen-go. DO NOT EDIT.", "DO NOT EDIT"],
      ["// @generated", "@generated"],
      ["# This file is automatically @generated by a tool.", "@generated"],
      ["/* DO NOT EDIT THIS FILE - it is machine generated */", "DO NOT EDIT"],
      [" * @generated SignedSource<<abc>>", "@generated"],
      ["-- DO NOT EDIT: generated by sqlc", "DO NOT EDIT"],
      ["<!-- DO NOT EDIT -->", "DO NOT EDIT"],
      ["// <auto-generated />", "<auto-generated"],
    ])("skips a file whose header in the base says %j", (marker, word) => {
      expect(skipOf(withBaseHeader("src/out.ts", marker))).toEqual({
        path: "src/out.ts",
        reason: "generated",
        detail: `generated ("${word}" marker on line 3)`,
      });
    });

    it("skips a new file whose header says it is generated, but marks the skip as the change's own claim", () => {
      const s = added("src/out.ts", ["// Copyright 2024 Example", "", "// Code generated by tygo. DO NOT EDIT.", "export const x = 1;"]);
      expect(skipOf(s)).toEqual({
        path: "src/out.ts",
        reason: "generated",
        detail: 'generated? the "DO NOT EDIT" marker on line 3 is added by this change',
        changeControlled: true,
      });
    });

    it("reviews an existing file when the marker is on a line the change adds", () => {
      const body = "@@ -1,2 +1,3 @@\n+// @generated\n import { db } from './db';\n-migrate(db);\n+migrate(db, { force: true });\n";
      expect(reasonOf(section("src/migrate.ts", { body }))).toBeNull();
      const renamed = section("src/migrate2.ts", { body, status: "renamed", oldPath: "src/migrate.ts", similarity: 80 });
      expect(reasonOf(renamed)).toBeNull();
    });

    it("trusts a marker the base had: on a context line, or on a line the change rewrites", () => {
      const regenerated = "@@ -1,3 +1,3 @@\n-// Code generated by protoc-gen-go v1.30. DO NOT EDIT.\n+// Code generated by protoc-gen-go v1.31. DO NOT EDIT.\n \n package api\n";
      expect(skipOf(section("api/user.go", { body: regenerated }))).toEqual({
        path: "api/user.go",
        reason: "generated",
        detail: 'generated ("DO NOT EDIT" marker on line 1 of the old file)',
      });
    });

    it("finds the marker in context lines of a modified file", () => {
      const body = "@@ -1,4 +1,4 @@\n // Code generated by stringer; DO NOT EDIT.\n \n-const a = 1\n+const a = 2\n";
      expect(reasonOf(section("kind_string.go", { body }))).toBe("generated");
    });

    it("finds a marker on the 40th line but not on the 41st", () => {
      const lines = (at: number) => Array.from({ length: 50 }, (_, i) => (i + 1 === at ? "// @generated" : `const v${i} = ${i};`));
      expect(reasonOf(added("a.ts", lines(40)))).toBe("generated");
      expect(reasonOf(added("a.ts", lines(41)))).toBeNull();
    });

    it("ignores a marker in a hunk further down the file", () => {
      const body = "@@ -300,3 +300,3 @@\n // DO NOT EDIT this block by hand: run make tables\n-const t = [1]\n+const t = [2]\n";
      expect(reasonOf(section("src/tables.ts", { body }))).toBeNull();
    });

    it("ignores markers outside comments or in quotes, as in code that talks about markers", () => {
      const s = added("src/detect.ts", [
        "/**",
        " * Looks for an `@generated` or a \"DO NOT EDIT\" marker.",
        " */",
        'const MARKER = "@generated";',
        "const other = '// DO NOT EDIT';",
        "export function f() {}",
      ]);
      expect(reasonOf(s)).toBeNull();
    });

    it("does not read the body beyond its bound: a marker 100 KB in is not found", () => {
      // Added lines push the marker 100 KB into the body while it stays on line 1 of the
      // old file, so only the byte bound can hide it.
      const addedLines = (n: number) => Array.from({ length: n }, (_, i) => `+const new${i} = "${"x".repeat(40)}";\n`).join("");
      const far = `@@ -1 +1,2000 @@\n${addedLines(2000)}-// @generated\n`;
      const near = `@@ -1 +1,3 @@\n${addedLines(3)}-// @generated\n`;
      expect(far.indexOf("@generated")).toBeGreaterThan(100_000);
      expect(reasonOf(section("a.ts", { body: far }))).toBeNull();
      expect(reasonOf(section("a.ts", { body: near }))).toBe("generated");
    });

    it("skips paths marked linguist-generated in .gitattributes, naming the line", () => {
      const gitattributes = parseGitAttributes("# codegen\nclient/** linguist-generated=true\n");
      expect(skipOf(section("client/api.ts"), { gitattributes })).toEqual({
        path: "client/api.ts",
        reason: "generated",
        detail: "generated (linguist-generated in .gitattributes line 2: client/**)",
      });
      expect(reasonOf(section("server/api.ts"), { gitattributes })).toBeNull();
    });

    it("lets -linguist-generated override the name and marker heuristics", () => {
      const gitattributes = parseGitAttributes("*.pb.go linguist-generated\nkeep/** -linguist-generated\n");
      expect(reasonOf(section("keep/user.pb.go"), { gitattributes })).toBeNull();
      expect(reasonOf(added("keep/a.ts", ["// @generated"]), { gitattributes })).toBeNull();
      expect(reasonOf(section("other/user.pb.go"), { gitattributes })).toBe("generated");
    });

    it("lets !linguist-generated hand the decision back to the heuristics", () => {
      const gitattributes = parseGitAttributes("*.go linguist-generated\n*.pb.go !linguist-generated\n");
      expect(reasonOf(section("a.go"), { gitattributes })).toBe("generated");
      expect(skipOf(section("a.pb.go"), { gitattributes })?.detail).toBe("generated (name: protobuf output)");
    });
  });

  describe("vendored files", () => {
    it.each([
      ["vendor/github.com/x/y.go", "vendor"],
      ["web/node_modules/left-pad/index.js", "web/node_modules"],
      ["third_party/zlib/inflate.c", "third_party"],
      ["static/bower_components/jquery/jquery.js", "static/bower_components"],
      [".yarn/releases/yarn-4.1.0.cjs", ".yarn/releases"],
    ])("skips %s", (path, folder) => {
      expect(skipOf(section(path))).toEqual({ path, reason: "vendored", detail: `vendored (under ${folder}/)` });
    });

    it("does not take a file named like a vendored folder for vendored", () => {
      expect(reasonOf(section("src/vendor.ts"))).toBeNull();
      expect(reasonOf(section("src/vendors/stripe.ts"))).toBeNull();
    });

    it("follows linguist-vendored in both directions", () => {
      const gitattributes = parseGitAttributes("extern/** linguist-vendored\nvendor/ours/** -linguist-vendored\n");
      expect(skipOf(section("extern/lib.c"), { gitattributes })).toEqual({
        path: "extern/lib.c",
        reason: "vendored",
        detail: "vendored (linguist-vendored in .gitattributes line 1: extern/**)",
      });
      expect(reasonOf(section("vendor/ours/a.go"), { gitattributes })).toBeNull();
      expect(reasonOf(section("vendor/theirs/a.go"), { gitattributes })).toBe("vendored");
    });

    it("marks a skip by name when the change chose the name: a new file, or a rename from a reviewed name", () => {
      const renamed = (to: string, from: string) => section(to, { status: "renamed", oldPath: from, similarity: 90 });
      expect(skipOf(renamed("vendor/auth.js", "src/auth.js"))).toEqual({
        path: "vendor/auth.js",
        reason: "vendored",
        detail: "vendored (under vendor/), renamed by this change from src/auth.js",
        changeControlled: true,
      });
      for (const to of ["src/auth.min.js", "src/auth.generated.js", "src/package-lock.json", "src/auth.js.map", "src/auth.png"]) {
        expect(skipOf(renamed(to, "src/auth.js"))?.changeControlled, to).toBe(true);
        expect(skipOf(section(to, { status: "copied", oldPath: "src/auth.js" }))?.changeControlled, to).toBe(true);
        expect(skipOf(added(to, ["x"]))?.changeControlled, to).toBe(true);
        // The base had it under that name: the name is not this change's choice.
        expect(skipOf(section(to))?.changeControlled, to).toBeUndefined();
      }
      // Moved between two skipped names, or from a name the config skips: nothing was reviewed before either.
      expect(skipOf(renamed("vendor/auth.js", "third_party/auth.js"))?.changeControlled).toBeUndefined();
      expect(skipOf(renamed("vendor/auth.js", "src/auth.js"), { exclude: ["src/"] })?.changeControlled).toBeUndefined();
    });

    it("trusts the base's .gitattributes, whoever chose the name", () => {
      const gitattributes = parseGitAttributes("extern/** linguist-vendored\ngen/** linguist-generated\n");
      expect(skipOf(added("extern/a.js", ["x"]), { gitattributes })).toEqual({
        path: "extern/a.js",
        reason: "vendored",
        detail: "vendored (linguist-vendored in .gitattributes line 1: extern/**)",
      });
      expect(skipOf(section("gen/a.ts", { status: "renamed", oldPath: "src/a.ts" }), { gitattributes })?.changeControlled).toBeUndefined();
    });

    it("reports a lockfile inside a vendored folder as vendored", () => {
      expect(reasonOf(section("node_modules/x/package-lock.json"))).toBe("vendored");
    });
  });

  describe("binaries", () => {
    it("skips what the diff marks binary, and marks it when no binary extension says it is one", () => {
      const png = section("assets/logo.png", { binary: true, body: "", patchBytes: 0, additions: 0, deletions: 0 });
      expect(skipOf(png)).toEqual({ path: "assets/logo.png", reason: "binary", detail: "binary file" });
      expect(skipOf({ ...png, status: "added" })).toEqual({ path: "assets/logo.png", reason: "binary", detail: "binary file" });
      const bin = section("src/util.js", { binary: true, body: "", patchBytes: 0, additions: 0, deletions: 0 });
      expect(skipOf(bin)).toEqual({
        path: "src/util.js",
        reason: "binary",
        detail: "binary? the diff shows binary content in a file with no binary extension",
        changeControlled: true,
      });
      // Deleting it adds nothing.
      expect(skipOf({ ...bin, status: "deleted" })).toEqual({ path: "src/util.js", reason: "binary", detail: "binary file" });
    });

    it("trusts a binary file that the base's .gitattributes or a name the base had says is one", () => {
      const bin = (path: string, over: Partial<FileSection> = {}) =>
        section(path, { binary: true, body: "", patchBytes: 0, additions: 0, deletions: 0, ...over });
      const gitattributes = parseGitAttributes("*.dat -diff\ndata/** binary\ndata/keep.txt diff\n");
      expect(skipOf(bin("a.dat"), { gitattributes })).toEqual({ path: "a.dat", reason: "binary", detail: "binary (-diff in .gitattributes line 1: *.dat)" });
      expect(skipOf(bin("data/x.txt", { status: "added" }), { gitattributes })?.changeControlled).toBeUndefined();
      expect(skipOf(bin("data/keep.txt"), { gitattributes })?.changeControlled).toBe(true);
      // A lockfile the base has, shown as binary by a -diff that only a nested .gitattributes sets.
      expect(skipOf(bin("package-lock.json"))).toEqual({ path: "package-lock.json", reason: "binary", detail: "binary file" });
      expect(skipOf(bin("package-lock.json", { status: "renamed", oldPath: "src/auth.js" }))?.changeControlled).toBe(true);
    });

    it("skips text with a NUL byte (git diff --text of a binary) as binary, marked unless its extension says binary", () => {
      const body = "@@ -1 +1 @@\n-// note\n+// \0 note\n";
      expect(skipOf(section("src/util.js", { body }))).toEqual({
        path: "src/util.js",
        reason: "binary",
        detail: "binary? a NUL byte in a file with no binary extension",
        changeControlled: true,
      });
      expect(skipOf(section("img/a.png", { body }))).toEqual({ path: "img/a.png", reason: "binary", detail: "binary file" });
    });

    it.each(["img/logo.png", "img/photo.JPG", "a.gif", "favicon.ico", "doc.pdf", "pkg.zip", "font.woff2", "mod.wasm", "app.exe", "x.dll", "lib.so"])(
      "skips %s by extension even when shown as text",
      (path) => {
        const skip = skipOf(section(path));
        expect(skip?.reason).toBe("binary");
        expect(skip?.detail).toMatch(/^binary \(\.[a-z0-9]+ file\)(; a \.[a-z]+ file runs and the model cannot read it)?$/);
        // A binary that runs is code the model could not read: no approval on it.
        expect(skip?.changeControlled === true).toBe(/\.(wasm|exe|dll|so)$/.test(path));
      },
    );

    it("keeps SVG, which is text", () => {
      expect(reasonOf(section("img/icon.svg"))).toBeNull();
    });
  });

  it("skips submodules", () => {
    const body = "@@ -1 +1 @@\n-Subproject commit 1111111111111111111111111111111111111111\n+Subproject commit 2222222222222222222222222222222222222222\n";
    expect(skipOf(section("deps/lib", { submodule: true, body }))).toEqual({
      path: "deps/lib",
      reason: "submodule",
      detail: "submodule (a commit pointer, not code)",
    });
  });

  describe("size limit", () => {
    it("skips a file over the default limit, in words", () => {
      expect(skipOf(section("src/big.ts", { patchBytes: 512_000 }))).toEqual({
        path: "src/big.ts",
        reason: "too-large",
        detail: "too large: 512 KB of diff, limit 200 KB (max_file_bytes)",
        // The change decides its own size, so its code counts as unseen.
        changeControlled: true,
      });
    });

    it("keeps a file exactly at the limit, and never shows a size equal to the limit", () => {
      expect(reasonOf(section("src/edge.ts", { patchBytes: DEFAULT_MAX_FILE_BYTES }))).toBeNull();
      expect(skipOf(section("src/edge.ts", { patchBytes: DEFAULT_MAX_FILE_BYTES + 1 }))?.detail).toBe(
        "too large: 201 KB of diff, limit 200 KB (max_file_bytes)",
      );
    });

    it("honours a configured limit", () => {
      expect(skipOf(section("a.ts", { patchBytes: 600 }), { maxFileBytes: 500 })?.detail).toBe(
        "too large: 600 bytes of diff, limit 500 bytes (max_file_bytes)",
      );
      expect(reasonOf(section("a.ts", { patchBytes: 1_000_000 }), { maxFileBytes: 2_000_000 })).toBeNull();
    });

    it("names the more specific reason when a large file is also a lockfile", () => {
      expect(reasonOf(section("yarn.lock", { patchBytes: 5_000_000 }))).toBe("lockfile");
    });

    it("says so when the forge left out the diff text of a changed file", () => {
      expect(skipOf(section("src/huge.ts", { body: "", patchBytes: 0, additions: 9000, deletions: 12 }))).toEqual({
        path: "src/huge.ts",
        reason: "too-large",
        detail: "too large: no diff text was provided for +9000 -12 lines",
        changeControlled: true,
      });
    });
  });

  it("skips deleted files", () => {
    const body = "@@ -1,2 +0,0 @@\n-const a = 1;\n-const b = 2;\n";
    expect(skipOf(section("src/old.ts", { status: "deleted", newMode: null, body, additions: 0, deletions: 2 }))).toEqual({
      path: "src/old.ts",
      reason: "deleted",
      detail: "deleted (removed code is not reviewed)",
    });
  });

  describe("no content change", () => {
    const empty = { body: "", patchBytes: 0, additions: 0, deletions: 0 };

    it("skips a mode-only change", () => {
      expect(skipOf(section("bin/run.sh", { ...empty, oldMode: "100644", newMode: "100755" }))).toEqual({
        path: "bin/run.sh",
        reason: "no-content-change",
        detail: "mode change only (100644 -> 100755)",
      });
    });

    it("skips a file created empty", () => {
      expect(skipOf(section("pkg/__init__.py", { ...empty, status: "added", oldMode: null }))?.detail).toBe("empty file added");
    });

    it("skips a pure rename or copy", () => {
      expect(skipOf(section("src/b.ts", { ...empty, status: "renamed", oldPath: "src/a.ts", similarity: 100 }))?.detail).toBe(
        "renamed from src/a.ts without content change",
      );
      expect(skipOf(section("src/c.ts", { ...empty, status: "copied", oldPath: "src/a.ts", similarity: 100 }))?.detail).toBe(
        "copied from src/a.ts without content change",
      );
    });

    it("treats a body of only whitespace as empty", () => {
      expect(reasonOf(section("a.ts", { ...empty, body: "\n \n" }))).toBe("no-content-change");
    });
  });

  describe("rule order", () => {
    it("puts the kind of change before the kind of file", () => {
      expect(reasonOf(section("yarn.lock", { status: "deleted" }))).toBe("deleted");
      expect(reasonOf(section("vendor/x", { submodule: true }))).toBe("submodule");
      expect(reasonOf(section("logo.png", { binary: true, status: "deleted" }))).toBe("binary");
    });

    it("gives the same answer every time", () => {
      const inputs = mixedSections();
      expect(select(inputs)).toEqual(select(inputs));
    });
  });

  describe("accounting", () => {
    it("puts every section in selected or skipped, in input order (mixed list)", () => {
      const inputs = mixedSections();
      const { selected, skipped } = select(inputs, { exclude: ["docs"] });
      expect(selected.length + skipped.length).toBe(inputs.length);
      expect(mergeByInputOrder(inputs, selected, skipped)).toEqual(inputs.map((s) => s.path));
      expect(selected.map((s) => s.path)).toEqual(["src/app.ts", "src/util/strings.ts"]);
      expect(skipped.map((s) => s.reason)).toEqual([
        "lockfile",
        "excluded",
        "vendored",
        "binary",
        "minified",
        "source-map",
        "generated",
        "too-large",
        "deleted",
        "no-content-change",
        "submodule",
        "generated",
      ]);
    });

    it("holds as a property over arbitrary mixes and options", () => {
      const kind = fc.constantFrom(...Object.keys(KINDS));
      const options = fc.record({
        include: fc.constantFrom<string[]>([], ["src/**"], ["*.ts", "docs"]),
        exclude: fc.constantFrom<string[]>([], ["*.md"], ["vendor/"]),
        maxFileBytes: fc.constantFrom(100, 200_000),
      });
      fc.assert(
        fc.property(fc.array(kind, { maxLength: 40 }), options, (kinds, opts) => {
          // Unique paths let the two outputs be merged back by name.
          const inputs = kinds.map((k, i) => KINDS[k]!(`${i}`));
          const { selected, skipped } = selectSections(inputs, opts);
          expect(selected.length + skipped.length).toBe(inputs.length);
          expect(mergeByInputOrder(inputs, selected, skipped)).toEqual(inputs.map((s) => s.path));
          for (const s of skipped) expect(SKIP_REASONS).toContain(s.reason);
          for (const s of skipped) expect(s.detail).not.toBe("");
          // Only the rules that read what the change wrote, or a name it chose, mark their skips.
          for (const s of skipped.filter((x) => x.changeControlled)) {
            expect(["too-large", "generated", "minified", "vendored", "lockfile", "binary", "source-map"]).toContain(s.reason);
          }
          // Only the config speaks for a file the change adds without marking it.
          for (const s of skipped.filter((x) => !x.changeControlled && inputs.find((i) => i.path === x.path)!.status === "added")) {
            expect(["excluded", "not-included"]).toContain(s.reason);
          }
          // Selected sections are the caller's own objects, untouched.
          for (const s of selected) expect(inputs).toContain(s);
        }),
      );
    });
  });
});

/** One builder per kind of file, each taking a unique prefix. */
const KINDS: Record<string, (id: string) => FileSection> = {
  source: (id) => section(`src/${id}/app.ts`),
  doc: (id) => section(`docs/${id}/guide.md`),
  lock: (id) => section(`${id}/package-lock.json`),
  vendored: (id) => section(`vendor/${id}/x.go`),
  image: (id) => section(`${id}/logo.png`, { binary: true, body: "", patchBytes: 0 }),
  minified: (id) => added(`${id}/bundle.js`, ["z".repeat(20_000)]),
  generated: (id) => added(`src/${id}/gen.ts`, ["// @generated", "export {}"]),
  big: (id) => section(`src/${id}/big.ts`, { patchBytes: 300_000 }),
  deleted: (id) => section(`src/${id}/old.ts`, { status: "deleted" }),
  modeOnly: (id) => section(`bin/${id}/run`, { body: "", patchBytes: 0, additions: 0, deletions: 0, newMode: "100755" }),
  submodule: (id) => section(`deps/${id}`, { submodule: true }),
  newVendored: (id) => added(`vendor/${id}/y.js`, ["module.exports = 1;"]),
  renamedToMin: (id) => section(`src/${id}/auth.min.js`, { status: "renamed", oldPath: `src/${id}/auth.js` }),
};

function mixedSections(): FileSection[] {
  return [
    section("src/app.ts"),
    section("package-lock.json"),
    section("docs/intro.md"),
    section("vendor/golang.org/x/net/http.go"),
    section("assets/logo.png", { binary: true, body: "", patchBytes: 0 }),
    section("src/util/strings.ts"),
    added("public/app.min.js", ["x"]),
    section("public/app.js.map"),
    section("api/v1/user.pb.go"),
    section("data/huge.json", { patchBytes: 1_000_000 }),
    section("src/removed.ts", { status: "deleted" }),
    section("scripts/run.sh", { body: "", patchBytes: 0, additions: 0, deletions: 0, newMode: "100755" }),
    section("deps/lib", { submodule: true }),
    added("src/gen/types.ts", ["// Code generated by tygo. DO NOT EDIT.", "export type A = string;"]),
  ];
}

/** Rebuilds the input's path order by walking both outputs; fails if either is out of order. */
function mergeByInputOrder(inputs: FileSection[], selected: FileSection[], skipped: SkippedFile[]): string[] {
  const out: string[] = [];
  let i = 0;
  let j = 0;
  for (const input of inputs) {
    if (selected[i] === input) {
      out.push(selected[i]!.path);
      i++;
    } else if (skipped[j]?.path === input.path) {
      out.push(skipped[j]!.path);
      j++;
    }
  }
  return i === selected.length && j === skipped.length ? out : [...out, "<left over>"];
}

