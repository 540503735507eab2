import { describe, expect, it } from "vitest";
import { prepareReview, type PrepareOptions, type PreparedReview } from "../../src/core/prepare-review.js";
import { splitDiff } from "../../src/core/split-diff.js";

// Fake secrets are assembled at run time, so this file holds none a scanner would stop at.
const join = (...parts: string[]) => parts.join("");
const fake = {
  githubPat: join("gh", "p_", "k3Jd9QxL2mVb7RtY8nWc4ZpH6sFa1GeU5oTi"),
  awsKeyId: join("AK", "IA", "Q7MZ3X5KB2WJ4R6T"),
  stripe: join("sk", "_live_", "9fKq2LmZ7xW4pR8tY3vB6nHc"),
  slack: join("xo", "xb-", "123456789012-1234567890123-", "Zq8Lm3Xw7Kp2Rt9Yb4Nv6Hc1"),
  password: join("x7Gk", "2pQ9vLm4"),
};

// ---------------------------------------------------------------------------------------
// Diffs written as git writes them

/** A modified file: `before` lines become `after` lines in one hunk at line 1. */
function modified(path: string, before: string[], after: string[]): string {
  return [
    `diff --git a/${path} b/${path}`,
    "index 1111111..2222222 100644",
    `--- a/${path}`,
    `+++ b/${path}`,
    `@@ -1,${before.length} +1,${after.length} @@`,
    ...before.map((l) => `-${l}`),
    ...after.map((l) => `+${l}`),
    "",
  ].join("\n");
}

/** A modified file with context: `lines` of [marker, text], in one hunk at `start`. */
function hunk(path: string, start: number, lines: Array<[" " | "+" | "-", string]>): string {
  const oldLines = lines.filter(([m]) => m !== "+").length;
  const newLines = lines.filter(([m]) => m !== "-").length;
  return [
    `diff --git a/${path} b/${path}`,
    "index 1111111..2222222 100644",
    `--- a/${path}`,
    `+++ b/${path}`,
    `@@ -${start},${oldLines} +${start},${newLines} @@`,
    ...lines.map(([m, text]) => `${m}${text}`),
    "",
  ].join("\n");
}

function added(path: string, lines: string[]): string {
  return [
    `diff --git a/${path} b/${path}`,
    "new file mode 100644",
    "index 0000000..2222222",
    "--- /dev/null",
    `+++ b/${path}`,
    `@@ -0,0 +1,${lines.length} @@`,
    ...lines.map((l) => `+${l}`),
    "",
  ].join("\n");
}

function deleted(path: string, lines: string[]): string {
  return [
    `diff --git a/${path} b/${path}`,
    "deleted file mode 100644",
    "index 2222222..0000000",
    `--- a/${path}`,
    "+++ /dev/null",
    `@@ -1,${lines.length} +0,0 @@`,
    ...lines.map((l) => `-${l}`),
    "",
  ].join("\n");
}

function binary(path: string): string {
  return [`diff --git a/${path} b/${path}`, "index 1111111..2222222 100644", `Binary files a/${path} and b/${path} differ`, ""].join("\n");
}

/** Code lines long enough to weigh on a token budget. */
function code(n: number, tag: string): string[] {
  return Array.from({ length: n }, (_, i) => `export const ${tag}${i} = compute(${i}, "${tag}") + offset * ${i};`);
}

function options(over: Partial<PrepareOptions> = {}): PrepareOptions {
  return {
    include: [],
    exclude: [],
    maxFileBytes: 200_000,
    contextLines: 3,
    requestBudget: 10_000,
    reviewBudget: 100_000,
    gitattributes: null,
    // A stand-in that grows with the text is all a budget test needs, and it is fast.
    countTokens: (text) => Math.ceil(text.length / 4),
    ...over,
  };
}

function prepare(diff: string, over: Partial<PrepareOptions> = {}): PreparedReview {
  return prepareReview(splitDiff(diff), options(over));
}

const chunkText = (prepared: PreparedReview) => prepared.chunks.map((c) => c.text).join("");
const secretLines = (prepared: PreparedReview) => prepared.secretFindings.map((f) => `${f.path}:${f.line}`);

// ---------------------------------------------------------------------------------------

describe("prepareReview", () => {
  it("sends a selected file with its secret redacted, and makes the secret a finding", () => {
    const prepared = prepare(
      hunk("src/config.ts", 10, [
        [" ", "export const config = {"],
        ["-", '  token: "",'],
        ["+", `  token: "${fake.githubPat}",`],
        [" ", "};"],
      ]),
    );
    expect(prepared.reviewed.map((f) => f.path)).toEqual(["src/config.ts"]);
    expect(prepared.chunks).toHaveLength(1);
    const text = chunkText(prepared);
    expect(text).toContain("[REDACTED:github-token]");
    expect(text).not.toContain(fake.githubPat);
    expect(prepared.reviewed[0]!.hunks[0]!.lines[2]!.text).toBe('  token: "[REDACTED:github-token]",');
    expect(prepared.secretFindings).toHaveLength(1);
    expect(prepared.secretFindings[0]).toMatchObject({
      path: "src/config.ts",
      line: 11,
      side: "RIGHT",
      severity: "critical",
      source: "secret-scan",
    });
    expect(prepared.secretFindings[0]!.body).not.toContain(fake.githubPat.slice(4, 12));
    expect(prepared.redactions).toEqual([{ path: "src/config.ts", counts: { total: 1, byKind: { "github-token": 1 } } }]);
    expect(prepared.unsentSecrets).toEqual([]);
  });

  it("reports a secret in a vendored file as a finding, without reviewing or sending the file", () => {
    const prepared = prepare(
      [
        modified("src/app.ts", ["const a = 1;"], ["const a = 2;"]),
        added("vendor/acme/client.js", ["module.exports = {", `  token: "${fake.githubPat}",`, "};"]),
      ].join(""),
    );
    expect(prepared.reviewed.map((f) => f.path)).toEqual(["src/app.ts"]);
    expect(prepared.skipped).toEqual([
      // A name the change chose: skipped, but no approval rests on it.
      { path: "vendor/acme/client.js", reason: "vendored", detail: "vendored (under vendor/), a file this change adds", changeControlled: true },
    ]);
    expect(chunkText(prepared)).not.toContain("vendor/acme/client.js");
    expect(chunkText(prepared)).not.toContain(fake.githubPat);
    expect(prepared.secretFindings).toEqual([
      expect.objectContaining({ path: "vendor/acme/client.js", line: 2, severity: "critical", source: "secret-scan" }),
    ]);
    expect(prepared.secretFindings[0]!.body).toContain("GitHub token");
    // Nothing of it was sent, so nothing was redacted; the secret is counted apart.
    expect(prepared.redactions).toEqual([]);
    expect(prepared.unsentSecrets).toEqual([
      { path: "vendor/acme/client.js", counts: { total: 1, byKind: { "github-token": 1 } } },
    ]);
  });

  it("reports secrets in files past the review budget", () => {
    const diff = [
      added("src/a.ts", code(40, "a")),
      added("src/b.ts", [...code(40, "b"), `const stripe = "${fake.stripe}";`]),
      added("src/c.ts", ["// c", `const slack = "${fake.slack}";`]),
    ].join("");
    // Room for a.ts only: b.ts meets the spent budget, c.ts comes after it.
    const prepared = prepare(diff, { reviewBudget: 800 });
    expect(prepared.reviewed.map((f) => f.path)).toEqual(["src/a.ts"]);
    expect(prepared.notReviewed.map((n) => [n.path, n.reason])).toEqual([
      ["src/b.ts", "review-budget"],
      ["src/c.ts", "review-budget"],
    ]);
    expect(chunkText(prepared)).not.toContain("src/b.ts");
    expect(secretLines(prepared)).toEqual(["src/b.ts:41", "src/c.ts:2"]);
    expect(prepared.secretFindings[1]!.body).toContain("Slack token");
    expect(prepared.unsentSecrets).toEqual([{ path: "src/c.ts", counts: { total: 1, byKind: { "slack-token": 1 } } }]);
  });

  it("reports secrets in every kind of skipped file that adds text, in diff order", () => {
    const diff = [
      added("package-lock.json", ["{", `  "token": "${fake.githubPat}"`, "}"]),
      added("dist/app.min.js", [`var k="${fake.awsKeyId}";`]),
      added("src/gen/api.ts", ["// Code generated by apigen. DO NOT EDIT.", `export const key = "${fake.stripe}";`]),
      added("secrets/prod.env", [`DB_PASSWORD=${fake.password}`]),
      added("src/big.ts", [...code(30, "big"), `const slack = "${fake.slack}";`]),
      deleted("src/old.ts", [`const token = "${fake.githubPat}";`]),
      binary("assets/logo.png"),
      modified("src/ok.ts", ["const ok = 1;"], ["const ok = 2;"]),
    ].join("");
    const prepared = prepare(diff, { exclude: ["secrets/"], maxFileBytes: 1_000 });
    expect(prepared.skipped.map((s) => [s.path, s.reason])).toEqual([
      ["package-lock.json", "lockfile"],
      ["dist/app.min.js", "minified"],
      ["src/gen/api.ts", "generated"],
      ["secrets/prod.env", "excluded"],
      ["src/big.ts", "too-large"],
      ["src/old.ts", "deleted"],
      ["assets/logo.png", "binary"],
    ]);
    expect(prepared.reviewed.map((f) => f.path)).toEqual(["src/ok.ts"]);
    // A deleted file adds nothing: its secret was committed before this change.
    expect(secretLines(prepared)).toEqual([
      "package-lock.json:2",
      "dist/app.min.js:1",
      "src/gen/api.ts:2",
      "secrets/prod.env:1",
      "src/big.ts:31",
    ]);
    expect(prepared.unsentSecrets.map((u) => u.path)).toEqual(prepared.secretFindings.map((f) => f.path));
    expect(chunkText(prepared)).not.toContain(fake.password);
  });

  it("skips a whitespace-only change", () => {
    const prepared = prepare(
      [
        modified("src/fmt.ts", ["if (a) {return  b;}", "", "done( );  "], ["if (a)  {return b;}", "\t", "done(\t);"]),
        modified("src/real.ts", ["const x = 1;"], ["const x = 2;"]),
        // Spacing put where there was none, or a blank line dropped, is a change to review.
        modified("src/spaced.ts", ["if (a){return b;}"], ["if (a) { return b; }"]),
        modified("src/blank.ts", ["a();", "", "b();"], ["a();", "b();"]),
      ].join(""),
    );
    expect(prepared.skipped).toEqual([
      { path: "src/fmt.ts", reason: "whitespace-only", detail: "whitespace-only change (git diff -b shows nothing)" },
    ]);
    expect(prepared.reviewed.map((f) => f.path)).toEqual(["src/real.ts", "src/spaced.ts", "src/blank.ts"]);
    expect(chunkText(prepared)).not.toContain("src/fmt.ts");
  });

  it("accounts for every input file exactly once: reviewed, skipped or not reviewed", () => {
    const diff = [
      modified("src/a.ts", ["const a = 1;"], ["const a = 2;"]),
      added("vendor/x/index.js", ["module.exports = 1;"]),
      added("yarn.lock", ["# yarn lockfile v1"]),
      deleted("src/gone.ts", ["export {};"]),
      binary("img/icon.png"),
      modified("src/fmt.ts", ["a(b,  c);"], ["a(b, c);"]),
      added("docs/notes.md", ["# Notes"]),
      added("src/long.ts", [...code(9, "long"), `export const blob = "${"x".repeat(1_400)}";`]),
      added("src/b.ts", code(40, "b")),
      added("src/c.ts", code(25, "c")),
      added("src/d.ts", [`const token = "${fake.githubPat}";`]),
    ].join("");
    const sections = splitDiff(diff);
    const prepared = prepareReview(sections, options({ exclude: ["*.md"], requestBudget: 300, reviewBudget: 900 }));

    const outcomes = [
      ...prepared.reviewed.map((f) => `${f.path} reviewed`),
      ...prepared.skipped.map((s) => `${s.path} skipped ${s.reason}`),
      ...prepared.notReviewed.map((n) => `${n.path} not reviewed ${n.reason}`),
    ];
    expect(outcomes.map((o) => o.split(" ")[0]).sort()).toEqual(sections.map((s) => s.path).sort());
    expect(outcomes).toEqual(
      expect.arrayContaining([
        "src/a.ts reviewed",
        "vendor/x/index.js skipped vendored",
        "yarn.lock skipped lockfile",
        "src/gone.ts skipped deleted",
        "img/icon.png skipped binary",
        "src/fmt.ts skipped whitespace-only",
        "docs/notes.md skipped excluded",
        "src/long.ts not reviewed line-too-long",
        "src/b.ts reviewed",
        "src/c.ts not reviewed review-budget",
        "src/d.ts not reviewed review-budget",
      ]),
    );
    // Every chunk holds only reviewed files, and every reviewed file is in a chunk.
    const chunked = new Set(prepared.chunks.flatMap((c) => c.files.map((f) => f.path)));
    expect([...chunked].sort()).toEqual(prepared.reviewed.map((f) => f.path).sort());
    expect(secretLines(prepared)).toEqual(["src/d.ts:1"]);
  });
});
