/**
 * The diff model checked against real git: every repository here is built with the `git`
 * binary, diffed by git, parsed by us, and every line we report is looked up in the blob
 * git stored. A line number that is off by one fails here, whatever the cause.
 */
import fc from "fast-check";
import { chmodSync, existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FileDiff, FileStatus } from "../../src/core/diff-model.js";
import { parseDiffText, parseFilePatch } from "../../src/core/parse-diff-text.js";
import { createRepo, type Repo } from "../support/git-repo.js";

const NO_NEWLINE = "\\ No newline at end of file";

interface GitFacts {
  /** By new path (old path for a deletion), as `--raw` and `--numstat` report it. */
  files: Map<string, { letter: string; oldPath: string; additions: number | null; deletions: number | null }>;
}

/**
 * What git itself says about the diff, from one `--raw --numstat -z` call (one call, not
 * two: git is slow to start on small CI machines). With -z, paths come unquoted.
 */
function gitFacts(repo: Repo, args: string[], base: string, head: string): GitFacts {
  // Context options imply a patch, which would be printed after the stats.
  const diffArgs = args.filter((a) => !/^(-U\d*|--unified=.*|-W|--function-context|--binary)$/.test(a));
  const fields = repo.git("diff", "--raw", "--numstat", "-z", ...diffArgs, base, head).split("\0");
  const files: GitFacts["files"] = new Map();
  const letters = new Map<string, { letter: string; oldPath: string }>();
  for (let i = 0; i < fields.length - 1; ) {
    const field = fields[i]!;
    if (field.startsWith(":")) {
      const letter = field.slice(field.lastIndexOf(" ") + 1, field.lastIndexOf(" ") + 2);
      if (letter === "R" || letter === "C") {
        letters.set(fields[i + 2]!, { letter, oldPath: fields[i + 1]! });
        i += 3;
      } else {
        letters.set(fields[i + 1]!, { letter, oldPath: fields[i + 1]! });
        i += 2;
      }
      continue;
    }
    // A path may itself hold tabs: only the first two split.
    const [, add, del, path] = /^([^\t]*)\t([^\t]*)\t(.*)$/s.exec(field)!;
    const counts = {
      additions: add === "-" ? null : Number(add!),
      deletions: del === "-" ? null : Number(del!),
    };
    const newPath = path === "" ? fields[i + 2]! : path!;
    const oldPath = path === "" ? fields[i + 1]! : path!;
    i += path === "" ? 3 : 1;
    const raw = letters.get(newPath);
    expect(raw?.oldPath, `--raw and --numstat agree on ${newPath}`).toBe(oldPath);
    files.set(newPath, { ...counts, letter: raw!.letter, oldPath });
  }
  return { files };
}

const STATUS_LETTER: Record<FileStatus, string> = {
  added: "A",
  modified: "M",
  deleted: "D",
  renamed: "R",
  copied: "C",
};

/**
 * Blobs read straight from git's object store (`cat-file`, not `show`: no textconv or other
 * filter between the stored bytes and the test), many in one call.
 */
function blobs(repo: Repo, specs: string[]): string[] {
  if (specs.length === 0) return [];
  const out = repo.run(["cat-file", "--batch"], { input: specs.join("\n") + "\n" });
  const contents: string[] = [];
  let pos = 0;
  for (const spec of specs) {
    const eol = out.indexOf(10, pos);
    const header = out.subarray(pos, eol).toString("utf8");
    const m = / blob (\d+)$/.exec(header);
    if (!m) throw new Error(`cat-file --batch: ${header} for ${spec}`);
    const size = Number(m[1]);
    contents.push(out.subarray(eol + 1, eol + 1 + size).toString("utf8"));
    pos = eol + 1 + size + 1;
  }
  return contents;
}

/** A file's lines as a diff numbers them: split on "\n", a final newline ends the last line. */
function fileLines(content: string): { lines: string[]; finalNewline: boolean } {
  if (content === "") return { lines: [], finalNewline: true };
  const lines = content.split("\n");
  const finalNewline = lines[lines.length - 1] === "";
  if (finalNewline) lines.pop();
  return { lines, finalNewline };
}

/**
 * Checks one parsed text file against the blobs: each line's text at its line numbers,
 * the no-newline flags, and that applying the hunks to the old file gives the new one.
 */
function checkLines(file: FileDiff, oldContent: string, newContent: string): void {
  const where = `${file.oldPath} -> ${file.path}`;
  const old = fileLines(oldContent);
  const neu = fileLines(newContent);
  const rebuilt: string[] = [];
  let oldIndex = 0;
  for (const hunk of file.hunks) {
    const before = hunk.oldLines === 0 ? hunk.oldStart : hunk.oldStart - 1;
    expect(before, `${where} ${hunk.header}`).toBeGreaterThanOrEqual(oldIndex);
    rebuilt.push(...old.lines.slice(oldIndex, before));
    oldIndex = before;
    for (const line of hunk.lines) {
      const at = `${where} ${hunk.header} ${JSON.stringify(line)}`;
      if (line.kind !== "del") {
        expect(line.newLine, at).not.toBeNull();
        expect(neu.lines[line.newLine! - 1], at).toBe(line.text);
        rebuilt.push(line.text);
        // Equal texts (blank lines, braces) could hide a number off by one: count them too.
        expect(line.newLine, at).toBe(rebuilt.length);
      } else {
        expect(line.newLine, at).toBeNull();
      }
      if (line.kind !== "add") {
        expect(line.oldLine, at).not.toBeNull();
        expect(old.lines[line.oldLine! - 1], at).toBe(line.text);
        expect(line.oldLine, at).toBe(oldIndex + 1);
        oldIndex += 1;
      } else {
        expect(line.oldLine, at).toBeNull();
      }
    }
    const lastOld = hunk.oldStart + hunk.oldLines - 1;
    const lastNew = hunk.newStart + hunk.newLines - 1;
    const oldMissing = hunk.oldLines > 0 && lastOld === old.lines.length && !old.finalNewline;
    const newMissing = hunk.newLines > 0 && lastNew === neu.lines.length && !neu.finalNewline;
    expect(hunk.oldNoNewlineAtEnd, `${where} ${hunk.header} old no-newline flag`).toBe(oldMissing);
    expect(hunk.newNoNewlineAtEnd, `${where} ${hunk.header} new no-newline flag`).toBe(newMissing);
  }
  rebuilt.push(...old.lines.slice(oldIndex));
  expect(rebuilt, `${where}: old file + hunks = new file`).toEqual(neu.lines);
}

/** The hunk text of each file, cut from the raw diff without the parser's help. */
function headerlessPatches(diff: string): string[] {
  const patches: string[] = [];
  for (const section of diff.split(/^(?=diff --git )/m)) {
    const at = section.search(/^@@ /m);
    patches.push(at < 0 ? "" : section.slice(at));
  }
  return patches.filter((_, i) => i > 0 || diff.startsWith("diff --git "));
}

/**
 * Diffs `base..head` with `diffArgs`, parses it, and checks every file against git.
 * Returns the parsed files for test-specific assertions.
 */
function checkDiff(repo: Repo, base: string, head: string, diffArgs: string[] = []): FileDiff[] {
  const diff = repo.git("diff", ...diffArgs, base, head);
  const files = parseDiffText(diff);
  const facts = gitFacts(repo, diffArgs, base, head);
  const patches = headerlessPatches(diff);

  const paths = [...new Set(files.map((f) => f.path))].sort();
  expect(paths, "the files git lists").toEqual([...facts.files.keys()].sort());
  expect(patches).toHaveLength(files.length);
  for (const path of paths) {
    const group = files.filter((f) => f.path === path);
    const fact = facts.files.get(path)!;
    // A type change (file <-> symlink, file <-> submodule) is a deletion and a creation.
    expect(group.map((f) => STATUS_LETTER[f.status]).join(""), path).toBe(fact.letter === "T" ? "DA" : fact.letter);
    expect(group.every((f) => f.oldPath === fact.oldPath), path).toBe(true);
    const binary = group.some((f) => f.binary);
    expect(binary, `${path} binary`).toBe(fact.additions === null);
    if (!binary) {
      const sum = (key: "additions" | "deletions") => group.reduce((n, f) => n + f[key], 0);
      expect({ additions: sum("additions"), deletions: sum("deletions") }, `${path} numstat`).toEqual({
        additions: fact.additions,
        deletions: fact.deletions,
      });
    }
  }

  const texts = files.filter((f) => !f.binary && !f.submodule);
  const contents = blobs(repo, [
    ...texts.filter((f) => f.status !== "added").map((f) => `${base}:${f.oldPath}`),
    ...texts.filter((f) => f.status !== "deleted").map((f) => `${head}:${f.path}`),
  ]);
  const oldContents = new Map<FileDiff, string>();
  const newContents = new Map<FileDiff, string>();
  for (const f of texts) oldContents.set(f, f.status === "added" ? "" : contents.shift()!);
  for (const f of texts) newContents.set(f, f.status === "deleted" ? "" : contents.shift()!);

  files.forEach((file, i) => {
    if (file.binary) expect(file.hunks, `${file.path} binary hunks`).toEqual([]);
    if (file.submodule) {
      for (const line of file.hunks.flatMap((h) => h.lines)) {
        expect(line.text).toMatch(/^Subproject commit [0-9a-f]{40}$/);
      }
    } else if (!file.binary) {
      const oldContent = oldContents.get(file)!;
      const newContent = newContents.get(file)!;
      // The marker must never come through as a line, unless a file really holds that text.
      if (!oldContent.includes(NO_NEWLINE) && !newContent.includes(NO_NEWLINE)) {
        for (const line of file.hunks.flatMap((h) => h.lines)) {
          expect(line.text.startsWith("\\ No newline"), `${file.path} ${line.text}`).toBe(false);
        }
      }
      checkLines(file, oldContent, newContent);
    }

    // The same hunks as a forge API hands them out: no headers, path and status beside.
    const meta = { path: file.path, oldPath: file.oldPath, status: file.status, binary: file.binary };
    const patch = patches[i]!;
    const fromApi = parseFilePatch(patch === "" ? null : patch, meta);
    expect(fromApi.hunks, `${file.path} headerless`).toEqual(file.hunks);
    expect(fromApi.additions + fromApi.deletions).toBe(file.additions + file.deletions);
    // GitHub's `patch` field has no final newline.
    const trimmed = patch.endsWith("\n") ? patch.slice(0, -1) : patch;
    expect(parseFilePatch(trimmed, meta).hunks, `${file.path} headerless, no final newline`).toEqual(file.hunks);
  });
  return files;
}

function byPath(files: FileDiff[], path: string): FileDiff {
  const file = files.find((f) => f.path === path);
  if (!file) throw new Error(`no file ${path} in ${files.map((f) => f.path).join(", ")}`);
  return file;
}

const lines = (n: number, prefix = "line") =>
  Array.from({ length: n }, (_, i) => `${prefix} ${i + 1}\n`).join("");

describe("diff model against git", () => {
  let repo: Repo;
  beforeAll(() => {
    repo = createRepo();
  });
  afterAll(() => repo?.cleanup());

  it("maps many hunks in one big file, with -U1, -U3 (default) and -U0", () => {
    const base = Array.from({ length: 400 }, (_, i) => `row ${i + 1}`);
    repo.write("big.txt", base.join("\n") + "\n");
    const c1 = repo.commit("big base");
    const next = [...base];
    for (let i = 390; i > 0; i -= 17) {
      if (i % 3 === 0) next.splice(i, 1);
      else if (i % 3 === 1) next.splice(i, 0, `inserted before ${i}`, `and another ${i}`);
      else next[i] = `changed ${i}`;
    }
    next.unshift("new first line");
    next.push("new last line");
    repo.write("big.txt", next.join("\n") + "\n");
    const c2 = repo.commit("big edits");
    for (const args of [["-U1"], [], ["-U0"], ["-U10"]]) {
      const [file] = checkDiff(repo, c1, c2, args);
      expect(file!.hunks.length, `hunks with ${args.join(" ") || "-U3"}`).toBeGreaterThan(args[0] === "-U10" ? 0 : 15);
    }
  });

  it("maps pure renames, renames with edits, and reports their old paths", () => {
    repo.write("old/pure.txt", lines(30, "pure"));
    repo.write("old/edited.txt", lines(30, "edited"));
    const c1 = repo.commit("before renames");
    repo.remove("old");
    repo.write("new/pure.txt", lines(30, "pure"));
    repo.write("new/edited.txt", lines(30, "edited").replace("edited 15\n", "edited fifteen\n") + "tail\n");
    const c2 = repo.commit("renames");
    const files = checkDiff(repo, c1, c2, ["-M"]);
    const pure = byPath(files, "new/pure.txt");
    expect(pure).toMatchObject({ status: "renamed", oldPath: "old/pure.txt", similarity: 100, hunks: [] });
    const edited = byPath(files, "new/edited.txt");
    expect(edited).toMatchObject({ status: "renamed", oldPath: "old/edited.txt", additions: 2, deletions: 1 });
    expect(edited.similarity).toBeGreaterThan(50);
    // Without rename detection the same change is a deletion and an addition.
    const plain = checkDiff(repo, c1, c2, ["--no-renames"]);
    expect(plain.map((f) => `${f.status} ${f.path}`).sort()).toEqual([
      "added new/edited.txt",
      "added new/pure.txt",
      "deleted old/edited.txt",
      "deleted old/pure.txt",
    ]);
  });

  it("maps copies found with -C --find-copies-harder", () => {
    repo.write("src/original.ts", lines(40, "const x ="));
    const c1 = repo.commit("original");
    repo.write("src/copy.ts", lines(40, "const x =").replace("const x = 7\n", "const y = 7\n"));
    repo.write("src/exact-copy.ts", lines(40, "const x ="));
    const c2 = repo.commit("copies");
    const files = checkDiff(repo, c1, c2, ["-C", "--find-copies-harder"]);
    expect(byPath(files, "src/copy.ts")).toMatchObject({ status: "copied", oldPath: "src/original.ts" });
    expect(byPath(files, "src/exact-copy.ts")).toMatchObject({
      status: "copied",
      oldPath: "src/original.ts",
      similarity: 100,
      hunks: [],
    });
  });

  it("maps deletions, an emptied file and a file created empty", () => {
    repo.write("doomed.txt", lines(12));
    repo.write("to-empty.txt", lines(5));
    repo.write("empty-then-full.txt", "");
    const c1 = repo.commit("before");
    repo.remove("doomed.txt");
    repo.write("to-empty.txt", "");
    repo.write("created-empty.txt", "");
    repo.write("empty-then-full.txt", "now\nfull\n");
    const c2 = repo.commit("after");
    const files = checkDiff(repo, c1, c2);
    expect(byPath(files, "doomed.txt")).toMatchObject({ status: "deleted", oldPath: "doomed.txt", deletions: 12 });
    expect(byPath(files, "to-empty.txt")).toMatchObject({ status: "modified", deletions: 5, additions: 0 });
    expect(byPath(files, "created-empty.txt")).toMatchObject({
      status: "added",
      oldPath: "created-empty.txt",
      hunks: [],
      additions: 0,
    });
    expect(byPath(files, "empty-then-full.txt")).toMatchObject({ status: "modified", additions: 2 });
  });

  it("maps files without a final newline on the old side, the new side, both", () => {
    repo.write("old-side.txt", "a\nb\nc");
    repo.write("new-side.txt", "a\nb\nc\n");
    repo.write("both.txt", "a\nb\nc");
    repo.write("last-only.txt", lines(20) + "end");
    repo.write("single.txt", "only");
    repo.write("gone.txt", "x\ny");
    repo.write("context-last.txt", "a\nb\nc");
    const c1 = repo.commit("no newline base");
    repo.write("old-side.txt", "a\nb\nc\nd\n");
    repo.write("new-side.txt", "a\nb\nc\nd");
    repo.write("both.txt", "a\nB\nc\nd");
    repo.write("last-only.txt", lines(20) + "end\n");
    repo.write("single.txt", "other");
    repo.remove("gone.txt");
    repo.write("born.txt", "p\nq");
    repo.write("context-last.txt", "A\nb\nc");
    const c2 = repo.commit("no newline head");
    const files = checkDiff(repo, c1, c2);
    const flags = (path: string) =>
      byPath(files, path).hunks.map((h) => [h.oldNoNewlineAtEnd, h.newNoNewlineAtEnd]);
    expect(flags("old-side.txt")).toEqual([[true, false]]);
    expect(flags("new-side.txt")).toEqual([[false, true]]);
    expect(flags("both.txt")).toEqual([[true, true]]);
    expect(flags("last-only.txt")).toEqual([[true, false]]);
    expect(flags("single.txt")).toEqual([[true, true]]);
    expect(flags("gone.txt")).toEqual([[true, false]]);
    expect(flags("born.txt")).toEqual([[false, true]]);
    // The marker after an unchanged last line speaks for both sides.
    expect(flags("context-last.txt")).toEqual([[true, true]]);
    // Adding the final newline changes the last line only in its line ending.
    expect(byPath(files, "last-only.txt").hunks[0]!.lines.filter((l) => l.kind !== "context")).toEqual([
      { kind: "del", text: "end", oldLine: 21, newLine: null },
      { kind: "add", text: "end", oldLine: null, newLine: 21 },
    ]);
    for (const args of [["-U0"], ["-U1"]]) checkDiff(repo, c1, c2, args);
  });

  it("keeps the CR of CRLF files in the line text", () => {
    repo.write("win.txt", "one\r\ntwo\r\nthree\r\n");
    repo.write("mixed.txt", "unix\nwin\r\nunix\n");
    const c1 = repo.commit("crlf base");
    repo.write("win.txt", "one\r\n2\r\nthree\r\nfour");
    repo.write("mixed.txt", "unix\nwin\r\nunix\r\n");
    const c2 = repo.commit("crlf head");
    const files = checkDiff(repo, c1, c2);
    expect(byPath(files, "win.txt").hunks[0]!.lines.map((l) => l.text)).toEqual([
      "one\r",
      "two\r",
      "2\r",
      "three\r",
      "four",
    ]);
    expect(byPath(files, "mixed.txt").hunks[0]!.lines.at(-1)).toEqual({
      kind: "add",
      text: "unix\r",
      oldLine: null,
      newLine: 3,
    });
  });

  it("decodes quoted unicode paths and paths with spaces, tabs, quotes and backslashes", () => {
    const paths = [
      "dir with space/file name.txt",
      "ünïcödé/日本語.md",
      "tab\there.txt",
      'quo"te.txt',
      "back\\slash.txt",
      "trailing space .txt",
      "x b/y.txt",
      "emoji 🎉.txt",
    ];
    for (const path of paths) repo.write(path, lines(4, path));
    const c1 = repo.commit("odd paths");
    for (const path of paths) repo.write(path, lines(5, path));
    repo.remove("x b/y.txt");
    repo.write("z b/renamed y.txt", lines(4, "x b/y.txt") + "more\n");
    const c2 = repo.commit("odd paths edited");
    const files = checkDiff(repo, c1, c2, ["-M"]);
    expect(files.map((f) => f.path).sort()).toEqual(
      [...paths.filter((p) => p !== "x b/y.txt"), "z b/renamed y.txt"].sort(),
    );
    expect(byPath(files, "z b/renamed y.txt")).toMatchObject({ status: "renamed", oldPath: "x b/y.txt" });
    // Deleting and creating them exercises the /dev/null side of each header.
    const c3 = repo.commit("same again");
    for (const path of paths) repo.remove(path);
    const c4 = repo.commit("odd paths deleted");
    expect(checkDiff(repo, c3, c4).every((f) => f.status === "deleted")).toBe(true);
    expect(checkDiff(repo, c4, c3).every((f) => f.status === "added")).toBe(true);
  });

  it("reads paths unquoted when core.quotePath is false", () => {
    const local = createRepo({ config: { "core.quotePath": "false" } });
    try {
      local.write("ärger/ö ü.txt", "a\n");
      const c1 = local.commit("base");
      local.write("ärger/ö ü.txt", "a\nb\n");
      local.write("neu ä.txt", "");
      const c2 = local.commit("head");
      expect(local.git("diff", c1, c2)).toContain("diff --git a/ärger/ö ü.txt b/ärger/ö ü.txt");
      expect(checkDiff(local, c1, c2).map((f) => f.path).sort()).toEqual(["neu ä.txt", "ärger/ö ü.txt"]);
    } finally {
      local.cleanup();
    }
  });

  it("reports a mode-only change with its modes and no hunks, also for a path with spaces", () => {
    repo.write("run me.sh", "#!/bin/sh\necho hi\n");
    repo.write("tool.sh", "#!/bin/sh\necho hi\n");
    const c1 = repo.commit("scripts");
    repo.git("update-index", "--chmod=+x", "run me.sh");
    repo.git("update-index", "--chmod=+x", "tool.sh");
    repo.git("commit", "-q", "-m", "chmod");
    const c2 = repo.git("rev-parse", "HEAD").trim();
    const files = checkDiff(repo, c1, c2);
    for (const path of ["run me.sh", "tool.sh"]) {
      expect(byPath(files, path)).toMatchObject({
        path,
        oldPath: path,
        status: "modified",
        oldMode: "100644",
        newMode: "100755",
        hunks: [],
      });
    }
    repo.git("checkout", "-q", "--", ".");
  });

  it("flags binary files, with and without --binary, and parses the text files around them", () => {
    const bytes = (seed: number) => Buffer.from(Array.from({ length: 300 }, (_, i) => (i * seed) % 256));
    repo.write("a.txt", "before\n");
    repo.write("img.bin", bytes(7));
    repo.write("gone.bin", bytes(3));
    const c1 = repo.commit("binary base");
    repo.write("a.txt", "after\n");
    repo.write("img.bin", bytes(11));
    repo.remove("gone.bin");
    repo.write("new.bin", bytes(5));
    repo.write("z.txt", "last\n");
    const c2 = repo.commit("binary head");
    for (const args of [[], ["--binary"]]) {
      const files = checkDiff(repo, c1, c2, args);
      expect(files.map((f) => `${f.status} ${f.path} ${f.binary}`)).toEqual([
        "modified a.txt false",
        "deleted gone.bin true",
        "modified img.bin true",
        "added new.bin true",
        "added z.txt false",
      ]);
    }
  });

  it("maps symlinks, whose blob is the target with no final newline, and a type change", () => {
    repo.write("target.txt", "target\n");
    symlinkSync("target.txt", join(repo.dir, "link"));
    symlinkSync("target.txt", join(repo.dir, "becomes-file"));
    const c1 = repo.commit("links");
    repo.remove("link");
    symlinkSync("elsewhere.txt", join(repo.dir, "link"));
    repo.remove("becomes-file");
    repo.write("becomes-file", "now a file\n");
    const c2 = repo.commit("retarget and type change");
    const files = checkDiff(repo, c1, c2);
    expect(files.map((f) => [f.path, f.status, f.oldMode, f.newMode])).toEqual([
      ["becomes-file", "deleted", "120000", null],
      ["becomes-file", "added", null, "100644"],
      ["link", "modified", "120000", "120000"],
    ]);
    expect(byPath(files, "link").hunks[0]).toMatchObject({ oldNoNewlineAtEnd: true, newNoNewlineAtEnd: true });
  });

  it("keeps a line that really reads `\\ No newline at end of file` as content", () => {
    repo.write("meta.txt", `a\n${NO_NEWLINE}\nb`);
    const c1 = repo.commit("marker as content");
    repo.write("meta.txt", `${NO_NEWLINE}\na\n${NO_NEWLINE}\nc`);
    const c2 = repo.commit("more marker as content");
    const [file] = checkDiff(repo, c1, c2, ["-U1"]);
    expect(file!.hunks.flatMap((h) => h.lines).filter((l) => l.text === NO_NEWLINE)).toHaveLength(2);
  });

  it("marks a submodule (gitlink) change and keeps its commit lines", () => {
    const sha1 = "1".repeat(40);
    const sha2 = "2".repeat(40);
    repo.git("update-index", "--add", "--cacheinfo", `160000,${sha1},vendor/lib`);
    repo.git("commit", "-q", "-m", "add submodule");
    const c1 = repo.git("rev-parse", "HEAD").trim();
    repo.git("update-index", "--cacheinfo", `160000,${sha2},vendor/lib`);
    repo.git("commit", "-q", "-m", "bump submodule");
    const c2 = repo.git("rev-parse", "HEAD").trim();
    const [bump] = checkDiff(repo, c1, c2);
    expect(bump).toMatchObject({ path: "vendor/lib", submodule: true, status: "modified", additions: 1, deletions: 1 });
    expect(bump!.hunks[0]!.lines.map((l) => l.text)).toEqual([`Subproject commit ${sha1}`, `Subproject commit ${sha2}`]);
    const [added] = checkDiff(repo, `${c1}~1`, c1);
    expect(added).toMatchObject({ path: "vendor/lib", submodule: true, status: "added", newMode: "160000" });
    repo.git("rm", "-q", "--cached", "vendor/lib");
    repo.git("commit", "-q", "-m", "drop submodule");
  });
});

describe("createRepo", () => {
  it("ignores the user's global git config, which could change the diff under test", () => {
    const dir = mkdtempSync(join(tmpdir(), "ai-review-gitconfig-"));
    const config = join(dir, "gitconfig");
    writeFileSync(config, "[color]\n\tui = always\n[diff]\n\tnoprefix = true\n\tmnemonicPrefix = true\n");
    const saved = process.env.GIT_CONFIG_GLOBAL;
    process.env.GIT_CONFIG_GLOBAL = config;
    const repo = createRepo();
    try {
      repo.write("a.txt", "a\n");
      const c1 = repo.commit("one");
      repo.write("a.txt", "b\n");
      const c2 = repo.commit("two");
      expect(c2).toMatch(/^[0-9a-f]{40}$/);
      expect(repo.git("diff", c1, c2)).toMatch(/^diff --git a\/a\.txt b\/a\.txt\n/);
      expect(repo.git("log", "--format=%an <%ae> %aI", "-1")).toBe("Test User <test@example.com> 2024-01-02T03:04:05+00:00\n");
    } finally {
      if (saved === undefined) delete process.env.GIT_CONFIG_GLOBAL;
      else process.env.GIT_CONFIG_GLOBAL = saved;
      repo.cleanup();
      rmSync(dir, { recursive: true, force: true });
    }
    expect(existsSync(repo.dir)).toBe(false);
  });
});

// Line contents chosen to look like diff syntax, so a parser that reads content as headers fails.
const TRICKY_LINES = [
  "",
  " ",
  "-",
  "+",
  "--",
  "-- ",
  "---",
  "--- a/x.txt",
  "+++ b/x.txt",
  "++",
  "@@ -1,2 +1,2 @@",
  "@@",
  "diff --git a/x b/x",
  "index 0000000..1111111 100644",
  "new file mode 100644",
  "\\",
  NO_NEWLINE,
  "Binary files a/x and b/x differ",
  "\t tab",
  "trailing space ",
  "ä ö ü",
  "end\r",
];
const PLAIN_LINES = ["a", "b", "c", "d", "function f() {", "}", "  return 1;", "x = x + 1"];

const PATHS = ["a.txt", "dir/b.txt", "sp ace/c d.txt", "ü/ß.txt", "x b/y.txt", "q\"uote.txt", "t\tab.txt"];

interface FileSpec {
  lines: string[];
  finalNewline: boolean;
  crlf: boolean;
}

type Edit = { at: number; op: "insert" | "delete" | "replace"; line: string };

type FileOp =
  | { kind: "modify"; edits: Edit[]; toggleNewline: boolean }
  | { kind: "delete" }
  | { kind: "rename"; to: string; edits: Edit[] }
  | { kind: "keep" };

const lineArb = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...PLAIN_LINES) },
  { weight: 1, arbitrary: fc.constantFrom(...TRICKY_LINES) },
);
const fileArb: fc.Arbitrary<FileSpec> = fc.record({
  lines: fc.array(lineArb, { maxLength: 40 }),
  finalNewline: fc.boolean(),
  crlf: fc.boolean(),
});
const editArb: fc.Arbitrary<Edit> = fc.record({
  at: fc.nat(),
  op: fc.constantFrom("insert", "delete", "replace"),
  line: lineArb,
});
const opArb: fc.Arbitrary<FileOp> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant("modify"), edits: fc.array(editArb, { maxLength: 8 }), toggleNewline: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("delete") }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("rename"), to: fc.constantFrom("moved/r.txt", "moved dir/r s.txt", "moved/ä.txt"), edits: fc.array(editArb, { maxLength: 2 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("keep") }) },
);
const scenarioArb = fc.record({
  files: fc.uniqueArray(fc.tuple(fc.constantFrom(...PATHS), fileArb, opArb), {
    minLength: 1,
    maxLength: 4,
    selector: ([path]) => path,
  }),
  added: fc.option(fc.tuple(fc.constantFrom("new/n.txt", "new ü/n n.txt"), fileArb), { nil: undefined }),
});
type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

// Git costs ~15 ms a call on a small CI machine, so scenarios share commits: each one
// lives in its own folder of a single base/head pair. Rename detection may then pair
// files across folders, which is fine: every check compares with git, not with the plan.
const SCENARIOS_PER_RUN = 5;
const caseArb = fc.record({
  scenarios: fc.array(scenarioArb, { minLength: SCENARIOS_PER_RUN, maxLength: SCENARIOS_PER_RUN }),
  context: fc.integer({ min: 0, max: 5 }),
  algorithm: fc.constantFrom("--diff-algorithm=myers", "--minimal", "--patience", "--histogram"),
  functionContext: fc.boolean(),
  executable: fc.boolean(),
});

function applyEdits(lines: string[], edits: Edit[]): string[] {
  const out = [...lines];
  for (const edit of edits) {
    const at = out.length === 0 ? 0 : edit.at % (out.length + (edit.op === "insert" ? 1 : 0));
    if (edit.op === "insert" || out.length === 0) out.splice(at, 0, edit.line);
    else if (edit.op === "delete") out.splice(at, 1);
    else out[at] = edit.line;
  }
  return out;
}

function render(file: FileSpec): string {
  if (file.lines.length === 0) return "";
  const eol = file.crlf ? "\r\n" : "\n";
  return file.lines.join(eol) + (file.finalNewline ? eol : "");
}

describe("diff model against git, randomized", () => {
  it("maps every line of random edits to the blobs, for 50 seeded scenarios", () => {
    const repo = createRepo();
    try {
      let run = 0;
      fc.assert(
        fc.property(caseArb, (c) => {
          run += 1;
          const dirs = c.scenarios.map((_, i) => `run${run}-s${i}`);
          c.scenarios.forEach((s: Scenario, i) => {
            for (const [path, file] of s.files) repo.write(`${dirs[i]}/${path}`, render(file));
          });
          const base = repo.commit("random base");
          c.scenarios.forEach((s: Scenario, i) => {
            const at = (path: string) => `${dirs[i]}/${path}`;
            s.files.forEach(([path, file, op], n) => {
              if (op.kind === "delete") repo.remove(at(path));
              else if (op.kind === "rename") {
                repo.remove(at(path));
                repo.write(at(op.to), render({ ...file, lines: applyEdits(file.lines, op.edits) }));
              } else if (op.kind === "modify") {
                const finalNewline = op.toggleNewline ? !file.finalNewline : file.finalNewline;
                repo.write(at(path), render({ ...file, lines: applyEdits(file.lines, op.edits), finalNewline }));
                // A mode change riding along with a content change.
                if (c.executable && n === 0) chmodSync(join(repo.dir, at(path)), 0o755);
              }
            });
            if (s.added) repo.write(at(s.added[0]), render(s.added[1]));
          });
          const head = repo.commit("random head");
          const args = [`-U${c.context}`, c.algorithm, "-M"];
          if (c.functionContext) args.push("--function-context");
          checkDiff(repo, base, head, args);
          // The reverse diff swaps every side: a second case for free.
          checkDiff(repo, head, base, args);
          for (const dir of dirs) repo.remove(dir);
        }),
        {
          seed: Number(process.env.DIFF_GROUND_TRUTH_SEED ?? 20240102),
          numRuns: Number(process.env.DIFF_GROUND_TRUTH_RUNS ?? 50 / SCENARIOS_PER_RUN),
          endOnFailure: true,
        },
      );
    } finally {
      repo.cleanup();
    }
  });
});
