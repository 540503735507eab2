import { PassThrough, Readable } from "node:stream";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { splitDiff } from "../../../src/core/split-diff.js";
import { DiffFileSource } from "../../../src/forges/local/diff-file-source.js";
import { LocalGitSource } from "../../../src/forges/local/local-git-source.js";
import { StdoutPublisher } from "../../../src/forges/local/stdout-publisher.js";
import { createRepo, type Repo } from "../../support/git-repo.js";
import { reviewWith } from "../../support/review-with.js";

const lines = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `line ${i + 1} ${tag}\n`).join("");

describe("LocalGitSource", () => {
  let repo: Repo;
  let base: string;
  let first: string;
  let head: string;

  beforeEach(() => {
    repo = createRepo();
    repo.write("a.txt", lines(20, "base"));
    repo.write("b.txt", lines(5, "base"));
    repo.write("old-name.txt", lines(10, "base"));
    repo.write(".ai-review.yml", "approve: false\n");
    base = repo.commit("base");
    repo.git("checkout", "-q", "-b", "feature");
    repo.write("a.txt", lines(20, "base").replace("line 3 base", "line 3 first"));
    repo.remove("old-name.txt");
    repo.write("new-name.txt", lines(10, "base"));
    repo.write(".ai-review.yml", "approve: true\n");
    first = repo.commit("first push");
    repo.write("b.txt", lines(5, "base").replace("line 2 base", "line 2 second"));
    repo.write("new-name.txt", lines(10, "base").replace("line 9 base", "line 9 second"));
    head = repo.commit("second push");
  });
  afterEach(() => repo.cleanup());

  const open = () => LocalGitSource.open({ repoDir: repo.dir, base: "main" });

  it("reads base files at the base revision, not as the branch rewrote them", async () => {
    const source = await open();
    expect(await source.readBaseFile(".ai-review.yml")).toBe("approve: false\n");
    expect(await source.readBaseFile("new-name.txt")).toBeNull();
    expect(source.describeBaseFile(".ai-review.yml")).toBe(".ai-review.yml at main");
  });

  it("reads the whole change without `since`: the same diff as git, with its revisions and message", async () => {
    const change = await (await open()).readChange({ contextLines: 3 });
    expect(change.baseSha).toBe(base);
    expect(change.headSha).toBe(head);
    expect(change.title).toBe("second push");
    expect(change.incremental).toBeNull();
    expect(change.forgeSkipped).toEqual([]);
    expect(change.diffText).toBe(repo.git("diff", "--find-renames", base, head, "--"));
    expect(change.origin).toBe(`git main (${base.slice(0, 12)})..${head.slice(0, 12)}`);
  });

  it("keeps only the files changed since an earlier head, each with its whole diff against the base", async () => {
    const change = await (await open()).readChange({ since: first, contextLines: 3 });
    const whole = splitDiff(repo.git("diff", "--find-renames", base, head, "--"));
    const kept = splitDiff(change.diffText);
    // a.txt and .ai-review.yml changed only before `first`; the rename is kept whole, from its old name.
    expect(kept.map((s) => [s.oldPath, s.path, s.status])).toEqual([
      ["b.txt", "b.txt", "modified"],
      ["old-name.txt", "new-name.txt", "renamed"],
    ]);
    // The same headers and hunks as in the whole diff (only where they start in it differs).
    const withoutPlace = ({ bodyLine: _, ...section }: (typeof kept)[number]) => section;
    for (const section of kept) expect(withoutPlace(section)).toEqual(withoutPlace(whole.find((w) => w.path === section.path)!));
    expect(change.incremental).toEqual({ since: first, files: 2 });
  });

  it("reads the whole change when `since` is unknown or no ancestor of the head (a force-push)", async () => {
    repo.git("checkout", "-q", "-b", "elsewhere", "main");
    repo.write("c.txt", "elsewhere\n");
    const unrelated = repo.commit("not on the branch");
    repo.git("checkout", "-q", "feature");
    const source = await open();
    for (const since of [unrelated, "0123456789abcdef0123456789abcdef01234567"]) {
      const change = await source.readChange({ since });
      expect(change.incremental).toBeNull();
      expect(splitDiff(change.diffText)).toHaveLength(4);
    }
  });

  it("gives an empty incremental change when nothing changed since the head", async () => {
    const change = await (await open()).readChange({ since: head });
    expect(change.diffText).toBe("");
    expect(change.incremental).toEqual({ since: head, files: 0 });
  });
});

describe("DiffFileSource", () => {
  let repo: Repo;
  beforeEach(() => {
    repo = createRepo();
    repo.write(".ai-review.yml", "fail_on: major\n");
    repo.write("AGENTS.md", "uncommitted words\n");
    repo.commit("base");
  });
  afterEach(() => repo.cleanup());

  it("reads base files from the top of the work tree, even when pointed at a subfolder", async () => {
    mkdirSync(path.join(repo.dir, "sub"));
    const source = await DiffFileSource.open({ input: { kind: "stdin", stream: Readable.from([]) }, folder: path.join(repo.dir, "sub") });
    expect(await source.readBaseFile(".ai-review.yml")).toBe("fail_on: major\n");
    expect(await source.readBaseFile(".gitattributes")).toBeNull();
    expect(source.describeBaseFile(".ai-review.yml")).toBe(path.join(repo.dir, ".ai-review.yml"));
  });

  it("reads the diff from a file or standard input, with no revisions", async () => {
    writeFileSync(path.join(repo.dir, "x.diff"), "diff text\n");
    const fromFile = await DiffFileSource.open({ input: { kind: "file", given: "x.diff", path: path.join(repo.dir, "x.diff") }, folder: repo.dir });
    expect(await fromFile.readChange()).toMatchObject({ origin: "x.diff", diffText: "diff text\n", baseSha: null, headSha: null, incremental: null });
    const fromStdin = await DiffFileSource.open({ input: { kind: "stdin", stream: Readable.from([Buffer.from("piped\n")]) }, folder: repo.dir });
    expect(await fromStdin.readChange()).toMatchObject({ origin: "stdin", diffText: "piped\n" });
    const missing = await DiffFileSource.open({ input: { kind: "file", given: "no.diff", path: path.join(repo.dir, "no.diff") }, folder: repo.dir });
    await expect(missing.readChange()).rejects.toThrow(`cannot read diff file ${path.join(repo.dir, "no.diff")}: no such file`);
  });
});

describe("StdoutPublisher", () => {
  const review = reviewWith({
    overview: "Fine.",
    summary: "## AI review: Comments\n",
    usage: { calls: 1, failedCalls: 0, requests: 1, retries: 0, promptTokens: 1, completionTokens: 1, callsWithoutUsage: 0, timeMs: 1, costUsd: null, models: [] },
  });

  it("has no earlier state and prints the review in the format asked, once", async () => {
    const stream = new PassThrough();
    const out: string[] = [];
    stream.on("data", (b: Buffer) => out.push(b.toString()));
    const publisher = new StdoutPublisher({ stream, format: "json", color: false });
    expect(await publisher.previous()).toEqual({ state: null, fingerprints: new Set(), findings: [] });
    const result = await publisher.publish(review);
    expect(JSON.parse(out.join(""))).toEqual(review);
    expect(result).toEqual({ inline: 0, movedToSummary: 0, verdict: "comment", writeCalls: 1, summaryUrl: null });
  });
});
