import { modifiedFileHeader } from "../support/file-header.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { DiffLine, FileDiff, Hunk, LineKind } from "../../src/core/diff-model.js";
import { parseHunks } from "../../src/core/parse-hunks.js";
import { splitDiff } from "../../src/core/split-diff.js";
import {
  findCommittedSecrets,
  redactFile,
  redactInternals,
  redactText,
  redactionMarker,
  sumRedactionCounts,
  type SecretKind,
} from "../../src/core/redact/index.js";

// Every fake secret is assembled at run time, so this file holds no string that a secret
// scanner (ours included, when it reviews this repository) would stop at.

/** Deterministic pseudo-random characters (mulberry32), so failures reproduce. */
function randomString(length: number, seed: number, alphabet = ALNUM): string {
  let state = seed >>> 0;
  let out = "";
  for (let i = 0; i < length; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out += alphabet[((t ^ (t >>> 14)) >>> 0) % alphabet.length];
  }
  return out;
}
const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const BASE64 = ALNUM + "+/";
const UPPER_BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const join = (...parts: string[]) => parts.join("");

const fake = {
  awsKeyId: join("AK", "IA", randomString(16, 1, UPPER_BASE32)),
  awsSessionKeyId: join("AS", "IA", randomString(16, 2, UPPER_BASE32)),
  awsSecret: randomString(40, 3, BASE64),
  githubPat: join("gh", "p_", randomString(36, 4)),
  githubOauth: join("gh", "o_", randomString(36, 5)),
  githubUser: join("gh", "u_", randomString(36, 6)),
  githubServer: join("gh", "s_", randomString(36, 7)),
  githubRefresh: join("gh", "r_", randomString(36, 8)),
  githubFineGrained: join("github", "_pat_", randomString(22, 9), "_", randomString(59, 10)),
  gitlab: join("gl", "pat-", randomString(20, 11)),
  slackBot: join("xo", "xb-", "123456789012-1234567890123-", randomString(24, 12)),
  slackUser: join("xo", "xp-", "123456789012-1234567890123-", randomString(32, 13)),
  stripeLive: join("sk", "_live_", randomString(24, 14)),
  stripeRestricted: join("rk", "_live_", randomString(24, 15)),
  stripeTest: join("sk", "_test_", randomString(24, 16)),
  openai: join("sk", "-", randomString(48, 17)),
  openaiProject: join("sk", "-proj-", randomString(64, 18, ALNUM + "_-"), randomString(20, 19)),
  anthropic: join("sk", "-ant-api03-", randomString(93, 20, ALNUM + "_-"), "AA"),
  google: join("AI", "za", randomString(35, 21, ALNUM + "_-")),
  jwt: join(
    "ey",
    "JhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.",
    "ey",
    "JzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIn0.",
    randomString(43, 22, ALNUM + "_-"),
  ),
  password: join("x7Gk", "2pQ9vLm4"),
  urlPassword: join("S3cr", "3tPassw0rd"),
  generic: randomString(32, 23),
  lettersOnly: randomString(24, 24, ALNUM.slice(0, 52)),
  sendgrid: join("S", "G.", randomString(22, 25, ALNUM + "_-"), ".", randomString(43, 26, ALNUM + "_-")),
  // The shape from the bug report, letters in order: not random, still a SendGrid key.
  sendgridAlphabet: join("S", "G.", "abcdefghijklmnopqrstuv", ".", "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopq"),
  // Discord's shape: three dotted random runs, each starting with a letter as a name would.
  dotted: join("M", randomString(23, 27), ".", "G", randomString(5, 28), ".", "Z", randomString(26, 29)),
  hexToken: join("3f9a1c0b", "7d2e4f6a8b9c0d1e2f3a4b5c"),
  hex40: randomString(40, 30, "0123456789abcdef"),
  basic: Buffer.from(join("deploy:", "x7Gk", "2pQ9vLm4")).toString("base64"),
};

interface Sample {
  kind: SecretKind;
  line: string;
  secret: string;
}

const SAMPLES: Sample[] = [
  { kind: "aws-access-key-id", line: `aws_access_key_id = ${fake.awsKeyId}`, secret: fake.awsKeyId },
  { kind: "aws-access-key-id", line: `  accessKeyId: "${fake.awsSessionKeyId}",`, secret: fake.awsSessionKeyId },
  { kind: "aws-secret-access-key", line: `aws_secret_access_key = ${fake.awsSecret}`, secret: fake.awsSecret },
  { kind: "aws-secret-access-key", line: `export AWS_SECRET_ACCESS_KEY="${fake.awsSecret}"`, secret: fake.awsSecret },
  { kind: "aws-secret-access-key", line: `  secretAccessKey: '${fake.awsSecret}',`, secret: fake.awsSecret },
  { kind: "github-token", line: `GITHUB_TOKEN=${fake.githubPat}`, secret: fake.githubPat },
  { kind: "github-token", line: `const t = "${fake.githubOauth}";`, secret: fake.githubOauth },
  { kind: "github-token", line: `curl -H "Authorization: token ${fake.githubUser}"`, secret: fake.githubUser },
  { kind: "github-token", line: `  ${fake.githubServer}`, secret: fake.githubServer },
  { kind: "github-token", line: `refresh(${JSON.stringify(fake.githubRefresh)})`, secret: fake.githubRefresh },
  { kind: "github-token", line: `token: ${fake.githubFineGrained}`, secret: fake.githubFineGrained },
  { kind: "gitlab-token", line: `private_token = '${fake.gitlab}'`, secret: fake.gitlab },
  { kind: "slack-token", line: `slack.token=${fake.slackBot}`, secret: fake.slackBot },
  { kind: "slack-token", line: `new WebClient("${fake.slackUser}")`, secret: fake.slackUser },
  { kind: "stripe-key", line: `Stripe.api_key = "${fake.stripeLive}"`, secret: fake.stripeLive },
  { kind: "stripe-key", line: `const stripe = new Stripe('${fake.stripeRestricted}');`, secret: fake.stripeRestricted },
  { kind: "stripe-key", line: `STRIPE=${fake.stripeTest}`, secret: fake.stripeTest },
  { kind: "openai-key", line: `OPENAI_API_KEY=${fake.openai}`, secret: fake.openai },
  { kind: "openai-key", line: `client = OpenAI(api_key="${fake.openaiProject}")`, secret: fake.openaiProject },
  { kind: "anthropic-key", line: `ANTHROPIC_API_KEY: ${fake.anthropic}`, secret: fake.anthropic },
  { kind: "google-api-key", line: `<script src="https://maps.example.com/js?key=${fake.google}">`, secret: fake.google },
  { kind: "sendgrid-key", line: `SENDGRID_API_KEY=${fake.sendgrid}`, secret: fake.sendgrid },
  { kind: "sendgrid-key", line: `SENDGRID_API_KEY=${fake.sendgridAlphabet}`, secret: fake.sendgridAlphabet },
  { kind: "sendgrid-key", line: `sgMail.setApiKey("${fake.sendgrid}");`, secret: fake.sendgrid },
  { kind: "jwt", line: `const session = "${fake.jwt}";`, secret: fake.jwt },
  {
    kind: "url-password",
    line: `DATABASE_URL=postgres://app:${fake.urlPassword}@db.internal:5432/app`,
    secret: fake.urlPassword,
  },
  { kind: "assigned-secret", line: `password = "${fake.password}"`, secret: fake.password },
  { kind: "assigned-secret", line: `API_KEY: ${fake.password}`, secret: fake.password },
  { kind: "assigned-secret", line: `  "token": "${fake.generic}",`, secret: fake.generic },
  { kind: "assigned-secret", line: `export DB_PASSWORD=${fake.password}`, secret: fake.password },
  { kind: "assigned-secret", line: `client_secret = '${fake.generic}'`, secret: fake.generic },
  { kind: "assigned-secret", line: `  apikey: "${fake.generic}"`, secret: fake.generic },
  { kind: "assigned-secret", line: `s3.access_key=${fake.generic}`, secret: fake.generic },
  { kind: "assigned-secret", line: `auth = "${fake.generic}"`, secret: fake.generic },
  { kind: "assigned-secret", line: `headers["X-Api-Key"] = "${fake.generic}"`, secret: fake.generic },
  { kind: "assigned-secret", line: `Authorization: "Bearer ${fake.generic}"`, secret: fake.generic },
  { kind: "assigned-secret", line: `db_password: str = "${fake.password}"`, secret: fake.password },
  { kind: "assigned-secret", line: `jwtSecret := "${fake.password}"`, secret: fake.password },
  { kind: "assigned-secret", line: `if (token === "${fake.generic}") {`, secret: fake.generic },
  { kind: "assigned-secret", line: `key = os.getenv("API_KEY", "${fake.generic}")`, secret: fake.generic },
  { kind: "assigned-secret", line: `<add key="Password" value="x" /> password='${fake.password}'`, secret: fake.password },
  { kind: "assigned-secret", line: `session_secret: "${fake.lettersOnly}"`, secret: fake.lettersOnly },
  { kind: "service-token", line: `DISCORD_BOT_TOKEN=${fake.dotted}`, secret: fake.dotted },
  { kind: "assigned-secret", line: `  "Authorization": "Bearer ${fake.hexToken}",`, secret: fake.hexToken },
  { kind: "auth-header", line: `Authorization: Bearer ${fake.hexToken}`, secret: fake.hexToken },
  { kind: "auth-header", line: `    Authorization: Bearer ${fake.generic}`, secret: fake.generic },
  { kind: "auth-header", line: `curl -H "Authorization: token ${fake.hex40}" https://api.github.com/user`, secret: fake.hex40 },
  { kind: "auth-header", line: `curl -H 'Authorization: Basic ${fake.basic}' "$URL"`, secret: fake.basic },
  { kind: "auth-header", line: `Proxy-Authorization: Basic ${fake.basic}`, secret: fake.basic },
  { kind: "auth-header", line: `authorization=Bearer ${fake.generic}`, secret: fake.generic },
];

// ---------------------------------------------------------------------------------------
// Building diffs by hand

type Row = [LineKind, string];

/** One hunk; line numbers follow from the starts and the kinds. */
function hunk(rows: Row[], oldStart = 1, newStart = 1): Hunk {
  let oldLine = oldStart;
  let newLine = newStart;
  const lines: DiffLine[] = rows.map(([kind, text]) => ({
    kind,
    text,
    oldLine: kind === "add" ? null : oldLine++,
    newLine: kind === "del" ? null : newLine++,
  }));
  const oldLines = oldLine - oldStart;
  const newLines = newLine - newStart;
  return {
    header: `@@ -${oldStart},${oldLines} +${newStart},${newLines} @@`,
    oldStart,
    oldLines,
    newStart,
    newLines,
    lines,
    oldNoNewlineAtEnd: false,
    newNoNewlineAtEnd: false,
  };
}

function fileDiff(hunks: Hunk[], path = "src/config.ts"): FileDiff {
  const all = hunks.flatMap((h) => h.lines);
  return {
    ...modifiedFileHeader(path),
    additions: all.filter((l) => l.kind === "add").length,
    deletions: all.filter((l) => l.kind === "del").length,
    patchBytes: all.reduce((n, l) => n + l.text.length + 2, 0),
    hunks,
  };
}

const texts = (file: FileDiff) => file.hunks.flatMap((h) => h.lines.map((l) => l.text));

/** Pieces of the secret long enough to identify it. */
function fragmentsOf(secret: string, size = 6): string[] {
  const out: string[] = [];
  for (let i = 0; i + size <= secret.length; i++) out.push(secret.slice(i, i + size));
  return out;
}

// ---------------------------------------------------------------------------------------

describe("redactText", () => {
  it.each(SAMPLES.map((s) => [s.kind, s.line, s] as const))("finds a %s in %s", (_kind, _line, sample) => {
    const { text, redactions } = redactText(sample.line);
    expect(redactions).toEqual([{ kind: sample.kind, line: 1 }]);
    expect(text).toContain(redactionMarker(sample.kind));
    expect(text).not.toContain(sample.secret);
  });

  it("replaces only the secret, with [REDACTED:<kind>]", () => {
    expect(redactText(`password = "${fake.password}"`).text).toBe('password = "[REDACTED:assigned-secret]"');
    expect(redactText(`GITHUB_TOKEN=${fake.githubPat} # ci`).text).toBe("GITHUB_TOKEN=[REDACTED:github-token] # ci");
    expect(redactText(`export API_KEY=${fake.password}`).text).toBe("export API_KEY=[REDACTED:assigned-secret]");
  });

  it("keeps a URL readable and removes only its password", () => {
    expect(redactText(`url: "postgres://app:${fake.urlPassword}@db.internal:5432/app?ssl=true"`).text).toBe(
      'url: "postgres://app:[REDACTED:url-password]@db.internal:5432/app?ssl=true"',
    );
    expect(redactText(`git clone https://x-access-token:${fake.githubPat}@github.com/o/r.git`).text).toBe(
      "git clone https://x-access-token:[REDACTED:github-token]@github.com/o/r.git",
    );
  });

  it("keeps the header name and scheme of an Authorization header readable", () => {
    expect(redactText(`Authorization: Bearer ${fake.hexToken}`).text).toBe("Authorization: Bearer [REDACTED:auth-header]");
    expect(redactText(`curl -H 'Authorization: Basic ${fake.basic}' "$URL"`).text).toBe(
      `curl -H 'Authorization: Basic [REDACTED:auth-header]' "$URL"`,
    );
    const http = ["GET https://api.example.com/v1/items HTTP/1.1", `Authorization: Bearer ${fake.hexToken}`, ""].join("\r\n");
    expect(redactText(http)).toEqual({
      text: ["GET https://api.example.com/v1/items HTTP/1.1", "Authorization: Bearer [REDACTED:auth-header]", ""].join("\r\n"),
      redactions: [{ kind: "auth-header", line: 2 }],
    });
  });

  it("redacts a dotted SendGrid key whole, unquoted", () => {
    expect(redactText(`SENDGRID_API_KEY=${fake.sendgridAlphabet}`).text).toBe("SENDGRID_API_KEY=[REDACTED:sendgrid-key]");
  });

  it("stops a bare value at the end of a query parameter", () => {
    expect(redactText(`GET /cb?access_token=${fake.generic}&state=abc HTTP/1.1`).text).toBe(
      "GET /cb?access_token=[REDACTED:assigned-secret]&state=abc HTTP/1.1",
    );
  });

  it("finds a secret in the middle of a long minified line", () => {
    const filler = "function(e,t){return e+t},".repeat(4000);
    const { text, redactions } = redactText(`${filler}apiKey:"${fake.generic}",${filler}${fake.githubPat};`);
    expect(redactions.map((r) => r.kind)).toEqual(["assigned-secret", "github-token"]);
    expect(text).not.toContain(fake.generic);
    expect(text).not.toContain(fake.githubPat);
  });

  it("names the precise kind when a token is also assigned to a secret-like name", () => {
    const { text, redactions } = redactText(`token = "${fake.githubPat}"`);
    expect(text).toBe('token = "[REDACTED:github-token]"');
    expect(redactions).toEqual([{ kind: "github-token", line: 1 }]);
  });

  it("reports every secret of a line, and the line of each", () => {
    const input = [
      "Deploy notes",
      `use ${fake.awsKeyId} with ${fake.awsSecret.slice(0, 4)}... and ${fake.stripeLive}`,
      "",
      `password = "${fake.password}"`,
    ].join("\n");
    const { text, redactions } = redactText(input);
    expect(redactions).toEqual([
      { kind: "aws-access-key-id", line: 2 },
      { kind: "stripe-key", line: 2 },
      { kind: "assigned-secret", line: 4 },
    ]);
    expect(text.split("\n")[0]).toBe("Deploy notes");
    expect(text).not.toContain(fake.awsKeyId);
    expect(text).not.toContain(fake.stripeLive);
  });

  it("finds nothing left in its own output", () => {
    for (const { line } of SAMPLES) {
      const once = redactText(line).text;
      expect(redactText(once)).toEqual({ text: once, redactions: [] });
    }
  });

  it("returns the very same string when there is nothing to redact", () => {
    const input = "Fix the tokenizer\n\nThe token budget was off by one.";
    const result = redactText(input);
    expect(result.text).toBe(input);
    expect(result.redactions).toEqual([]);
  });

  it("keeps CRLF line ends", () => {
    const { text } = redactText(`a = 1\r\npassword = ${fake.password}\r\nb = 2\r\n`);
    expect(text).toBe("a = 1\r\npassword = [REDACTED:assigned-secret]\r\nb = 2\r\n");
  });

  it("redacts a private key pasted into a description, counted once", () => {
    const key = pemLines("RSA PRIVATE KEY", 5, 30);
    const { text, redactions } = redactText(["Here is the key:", ...key, "thanks"].join("\n"));
    expect(redactions).toEqual([{ kind: "private-key", line: 2 }]);
    expect(text.split("\n")).toEqual([
      "Here is the key:",
      ...key.map(() => "[REDACTED:private-key]"),
      "thanks",
    ]);
  });
});

// ---------------------------------------------------------------------------------------

const BEGIN = (label: string) => join("-----BEG", `IN ${label}-----`);
const END = (label: string) => join("-----EN", `D ${label}-----`);

/** A PEM block: marker, `bodyLines` lines of base64, marker. */
function pemLines(label: string, bodyLines: number, seed: number): string[] {
  const body = Array.from({ length: bodyLines }, (_, i) =>
    i === bodyLines - 1 ? randomString(40, seed + i, BASE64) + "==" : randomString(64, seed + i, BASE64),
  );
  return [BEGIN(label), ...body, END(label)];
}

describe("redactFile", () => {
  it("turns a secret on an added line into a critical finding that never quotes it", () => {
    const file = fileDiff([
      hunk(
        [
          ["context", "export const config = {"],
          ["del", '  token: "",'],
          ["add", `  token: "${fake.githubPat}",`],
          ["context", "};"],
        ],
        10,
        10,
      ),
    ]);
    const { file: out, redactions, findings } = redactFile(file);

    expect(texts(out)).toEqual(["export const config = {", '  token: "",', '  token: "[REDACTED:github-token]",', "};"]);
    expect(redactions).toEqual({ total: 1, byKind: { "github-token": 1 } });
    expect(findings).toHaveLength(1);
    const [finding] = findings;
    expect(finding).toMatchObject({
      path: "src/config.ts",
      line: 11,
      side: "RIGHT",
      severity: "critical",
      source: "secret-scan",
    });
    expect(finding!.startLine).toBeUndefined();
    expect(finding!.suggestion).toBeUndefined();
    expect(finding!.body).toContain("GitHub token");
    expect(finding!.body).toMatch(/revoke or rotate/);
    expect(finding!.body).toMatch(/secret store/);
    for (const piece of fragmentsOf(fake.githubPat)) {
      expect(finding!.body).not.toContain(piece);
      expect(finding!.title ?? "").not.toContain(piece);
    }
  });

  it("redacts context and deleted lines too, but only added lines make findings", () => {
    const file = fileDiff([
      hunk(
        [
          ["context", `aws_access_key_id = ${fake.awsKeyId}`],
          ["del", `aws_secret_access_key = ${fake.awsSecret}`],
          ["add", "aws_secret_access_key = ${AWS_SECRET_ACCESS_KEY}"],
          ["context", "region = eu-west-1"],
        ],
        3,
        3,
      ),
    ]);
    const { file: out, redactions, findings } = redactFile(file);
    expect(texts(out)).toEqual([
      "aws_access_key_id = [REDACTED:aws-access-key-id]",
      "aws_secret_access_key = [REDACTED:aws-secret-access-key]",
      "aws_secret_access_key = ${AWS_SECRET_ACCESS_KEY}",
      "region = eu-west-1",
    ]);
    expect(redactions).toEqual({
      total: 2,
      byKind: { "aws-access-key-id": 1, "aws-secret-access-key": 1 },
    });
    expect(findings).toEqual([]);
  });

  it("counts per kind across hunks and gives one finding per line", () => {
    const file = fileDiff([
      hunk(
        [
          ["context", "[default]"],
          ["add", `key_id = ${fake.awsKeyId}  # and ${fake.awsSessionKeyId}`],
          ["add", `slack = ${fake.slackBot}`],
        ],
        1,
        1,
      ),
      hunk(
        [
          ["context", "# later"],
          ["add", `OPENAI=${fake.openai}`],
          ["del", `OPENAI=${fake.openaiProject}`],
          ["add", `DB=mysql://root:${fake.urlPassword}@localhost/db`],
        ],
        40,
        42,
      ),
    ]);
    const { file: out, redactions, findings } = redactFile(file);
    expect(redactions).toEqual({
      total: 6,
      byKind: { "aws-access-key-id": 2, "slack-token": 1, "openai-key": 2, "url-password": 1 },
    });
    expect(findings.map((f) => f.line)).toEqual([2, 3, 43, 44]);
    expect(findings[0]!.body).toContain("AWS access key ID");
    for (const secret of [fake.awsKeyId, fake.awsSessionKeyId, fake.slackBot, fake.openai, fake.openaiProject]) {
      expect(texts(out).join("\n")).not.toContain(secret);
      for (const f of findings) expect(f.body).not.toContain(secret.slice(0, 8));
    }
  });

  it("names every kind of a line in its single finding", () => {
    const file = fileDiff([hunk([["add", `${fake.githubPat} ${fake.google}`]])]);
    const { findings } = redactFile(file);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.body).toContain("a GitHub token and a Google API key");
  });

  it("redacts a hunk header, which quotes a line of the file", () => {
    const file = fileDiff([hunk([["add", "  retries: 3,"]], 5, 5)]);
    const withHeader: FileDiff = {
      ...file,
      hunks: [{ ...file.hunks[0]!, header: `@@ -5,0 +5,1 @@ const API_KEY = "${fake.generic}";` }],
    };
    const { file: out, redactions, findings } = redactFile(withHeader);
    expect(out.hunks[0]!.header).toBe('@@ -5,0 +5,1 @@ const API_KEY = "[REDACTED:assigned-secret]";');
    expect(redactions.total).toBe(1);
    expect(findings).toEqual([]);
  });

  describe("private keys", () => {
    const LABEL = "RSA PRIVATE KEY";

    it("redacts every line of an added block, counts it once and reports it once", () => {
      const key = pemLines(LABEL, 6, 100);
      const file = fileDiff([
        hunk(
          [
            ["context", "# deploy key"],
            ...key.map((line): Row => ["add", line]),
            ["add", "# end of key"],
            ["context", "host = example.com"],
          ],
          7,
          7,
        ),
      ]);
      const { file: out, redactions, findings } = redactFile(file);
      expect(texts(out)).toEqual([
        "# deploy key",
        ...key.map(() => "[REDACTED:private-key]"),
        "# end of key",
        "host = example.com",
      ]);
      expect(redactions).toEqual({ total: 1, byKind: { "private-key": 1 } });
      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({ line: 8, severity: "critical", source: "secret-scan", side: "RIGHT" });
      expect(findings[0]!.body).toContain("private key");
    });

    it("redacts a key embedded in code as concatenated strings", () => {
      const [, ...rest] = pemLines(LABEL, 3, 200);
      const body = rest.slice(0, -1);
      const lines = [
        `const KEY = "${BEGIN(LABEL)}\\n" +`,
        ...body.map((b) => `  "${b}\\n" +`),
        `  "${END(LABEL)}";`,
        "export default KEY;",
      ];
      const { file: out, findings } = redactFile(fileDiff([hunk(lines.map((l): Row => ["add", l]))]));
      const redacted = texts(out);
      expect(redacted[0]).toBe('const KEY = "[REDACTED:private-key]\\n" +');
      expect(redacted.slice(1, 4)).toEqual(body.map(() => '  "[REDACTED:private-key]\\n" +'));
      expect(redacted[4]).toBe('  "[REDACTED:private-key]";');
      expect(redacted[5]).toBe("export default KEY;");
      expect(findings.map((f) => f.line)).toEqual([1]);
      for (const b of body) expect(redacted.join("\n")).not.toContain(b.slice(0, 16));
    });

    it("redacts a key kept on one line, as in a service account JSON", () => {
      const key = pemLines("PRIVATE KEY", 3, 300);
      const line = `  "private_key": "${key.join("\\n")}\\n",`;
      const { text } = redactText(line);
      expect(text).toBe('  "private_key": "[REDACTED:private-key]\\n",');
    });

    it("redacts the body when the hunk starts inside the block", () => {
      const key = pemLines(LABEL, 8, 400);
      // Only the last body lines and the END marker are in the hunk; the BEGIN line is not.
      const file = fileDiff([
        hunk(
          [
            ["context", key[5]!],
            ["context", key[6]!],
            ["del", key[7]!],
            ["add", randomString(36, 999, BASE64) + "=="],
            ["context", key[9]!],
            ["context", ""],
          ],
          6,
          6,
        ),
      ]);
      const { file: out, redactions, findings } = redactFile(file);
      expect(texts(out)).toEqual([...Array(5).fill("[REDACTED:private-key]"), ""]);
      expect(redactions).toEqual({ total: 1, byKind: { "private-key": 1 } });
      expect(findings).toHaveLength(1);
      expect(findings[0]!.line).toBe(8);
    });

    it("reports a changed key at its first added line, and a deleted key not at all", () => {
      const oldKey = pemLines(LABEL, 3, 500);
      const newKey = pemLines(LABEL, 3, 600);
      const changed = fileDiff([
        hunk([
          ["context", oldKey[0]!],
          ...oldKey.slice(1, -1).map((l): Row => ["del", l]),
          ...newKey.slice(1, -1).map((l): Row => ["add", l]),
          ["context", oldKey.at(-1)!],
        ]),
      ]);
      const first = redactFile(changed);
      expect(texts(first.file).every((t) => t === "[REDACTED:private-key]")).toBe(true);
      expect(first.redactions).toEqual({ total: 1, byKind: { "private-key": 1 } });
      expect(first.findings.map((f) => f.line)).toEqual([2]);

      const deleted = fileDiff([hunk([["context", "a"], ...oldKey.map((l): Row => ["del", l]), ["context", "b"]])]);
      const second = redactFile(deleted);
      expect(texts(second.file)).toEqual(["a", ...oldKey.map(() => "[REDACTED:private-key]"), "b"]);
      expect(second.redactions).toEqual({ total: 1, byKind: { "private-key": 1 } });
      expect(second.findings).toEqual([]);
    });

    it("leaves code that only handles PEM markers alone", () => {
      const lines = [
        `const HEADER = "${BEGIN("PRIVATE KEY")}";`,
        `const FOOTER = "${END("PRIVATE KEY")}";`,
        `const PEM = /${BEGIN("PRIVATE KEY")}[\\s\\S]+?${END("PRIVATE KEY")}/;`,
        "if (line.startsWith(HEADER)) inKey = true;",
      ];
      const file = fileDiff([hunk(lines.map((l): Row => ["add", l]))]);
      const result = redactFile(file);
      expect(result.file).toBe(file);
      expect(result.findings).toEqual([]);
    });

    it("handles PGP and OpenSSH blocks", () => {
      const pgp = [
        BEGIN("PGP PRIVATE KEY BLOCK"),
        "",
        ...pemLines("X", 2, 700).slice(1, -1),
        "=" + randomString(4, 701, BASE64),
        END("PGP PRIVATE KEY BLOCK"),
      ];
      const openssh = pemLines("OPENSSH PRIVATE KEY", 2, 800);
      const { text, redactions } = redactText([...pgp, "", ...openssh].join("\n"));
      expect(redactions).toEqual([
        { kind: "private-key", line: 1 },
        { kind: "private-key", line: pgp.length + 2 },
      ]);
      expect(text.split("\n").filter((l) => l !== "" && l !== "[REDACTED:private-key]")).toEqual([]);
    });
  });

  it("never mutates its input and shares what it did not change", () => {
    const untouched = hunk([["context", "const a = 1;"]], 1, 1);
    const touched = hunk(
      [
        ["context", "const b = 2;"],
        ["add", `const password = "${fake.password}";`],
      ],
      20,
      20,
    );
    const file = fileDiff([untouched, touched]);
    const before = structuredClone(file);
    const { file: out } = redactFile(file);

    expect(file).toEqual(before);
    expect(out).not.toBe(file);
    expect(out.hunks[0]).toBe(untouched);
    expect(out.hunks[1]).not.toBe(touched);
    expect(out.hunks[1]!.lines[0]).toBe(touched.lines[0]);
    expect(out.hunks[1]!.lines[1]).toEqual({ ...touched.lines[1], text: 'const password = "[REDACTED:assigned-secret]";' });
    expect(out).toEqual({ ...before, hunks: [before.hunks[0], { ...before.hunks[1], lines: out.hunks[1]!.lines }] });
  });

  it("returns the input itself when there is nothing to redact", () => {
    const file = fileDiff([hunk([["add", "export const tokenLimit = 4096;"]])]);
    const result = redactFile(file);
    expect(result.file).toBe(file);
    expect(result.redactions).toEqual({ total: 0, byKind: {} });
    expect(result.findings).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------

/** The one section of a git diff of `path` whose hunks are `body` (checked by splitDiff). */
function sectionOf(body: string, path = "vendor/lib/config.js") {
  const sections = splitDiff(`diff --git a/${path} b/${path}\n--- a/${path}\n+++ b/${path}\n${body}`);
  expect(sections).toHaveLength(1);
  return sections[0]!;
}

/** Hunk text for hunks of rows, each hunk `gap` unchanged lines after the previous one. */
function hunkText(hunks: Row[][], gap = 5): string {
  let oldNext = 1;
  let newNext = 1;
  let out = "";
  for (const rows of hunks) {
    const oldLines = rows.filter(([kind]) => kind !== "add").length;
    const newLines = rows.filter(([kind]) => kind !== "del").length;
    const oldStart = oldLines === 0 ? oldNext + gap - 1 : oldNext + gap;
    const newStart = newLines === 0 ? newNext + gap - 1 : newNext + gap;
    out += `@@ -${oldStart},${oldLines} +${newStart},${newLines} @@\n`;
    for (const [kind, text] of rows) out += `${kind === "add" ? "+" : kind === "del" ? "-" : " "}${text}\n`;
    oldNext += gap + oldLines;
    newNext += gap + newLines;
  }
  return out;
}

describe("findCommittedSecrets", () => {
  it("reports secrets on added lines at their new-file line, from the unparsed hunk text", () => {
    const body = [
      "@@ -10,6 +10,8 @@ module.exports = {",
      "   a: 1,",
      `-  token: "${fake.githubPat}",`,
      "+  token: process.env.TOKEN,",
      "", // a context line whose space was lost
      `   api_key = "${fake.openai}"`,
      `+  password: "${fake.password}",`,
      "+  retries: 3,",
      "   b: 2,",
      "   c: 3,",
      "@@ -40,2 +42,3 @@",
      "   x",
      `+GITHUB_TOKEN=${fake.githubOauth}`,
      "-old",
      `+new ${fake.awsKeyId} ${fake.stripeLive}`,
      "\\ No newline at end of file",
      "",
    ].join("\n");
    const section = sectionOf(body);
    const { counts, findings } = findCommittedSecrets(section.path, section.body);

    expect(findings.map((f) => f.line)).toEqual([14, 43, 44]);
    expect(findings).toEqual(redactFile(parseHunks(section)).findings);
    expect(findings[0]).toMatchObject({ path: "vendor/lib/config.js", side: "RIGHT", severity: "critical", source: "secret-scan" });
    expect(counts).toEqual({
      total: 4,
      byKind: { "assigned-secret": 1, "github-token": 1, "aws-access-key-id": 1, "stripe-key": 1 },
    });
    for (const secret of [fake.password, fake.githubOauth, fake.awsKeyId, fake.stripeLive]) {
      for (const f of findings) expect(f.body).not.toContain(secret.slice(0, 8));
    }
  });

  it("finds nothing in a file that only deletes a secret or keeps it as context", () => {
    const body = hunkText([
      [
        ["context", `token = "${fake.githubPat}"`],
        ["del", `password = "${fake.password}"`],
        ["add", "password = os.environ['DB_PASSWORD']"],
      ],
    ]);
    const section = sectionOf(body);
    expect(findCommittedSecrets(section.path, section.body)).toEqual({ counts: { total: 0, byKind: {} }, findings: [] });
  });

  it("reports an added private key once, at its first added line, even when it begins in context", () => {
    const key = pemLines("RSA PRIVATE KEY", 4, 1500);
    const whole = sectionOf(hunkText([[["context", "# key"], ...key.map((l): Row => ["add", l]), ["context", "end"]]]));
    const first = findCommittedSecrets(whole.path, whole.body);
    expect(first.findings.map((f) => f.line)).toEqual([7]);
    expect(first.findings[0]!.body).toContain("private key");
    expect(first.counts).toEqual({ total: 1, byKind: { "private-key": 1 } });

    const other = pemLines("RSA PRIVATE KEY", 4, 1600);
    const changed = sectionOf(
      hunkText([
        [
          ["context", key[0]!],
          ["context", key[1]!],
          ...key.slice(2, -1).map((l): Row => ["del", l]),
          ...other.slice(2, -1).map((l): Row => ["add", l]),
          ["context", key.at(-1)!],
        ],
      ]),
    );
    const second = findCommittedSecrets(changed.path, changed.body);
    expect(second.findings.map((f) => f.line)).toEqual([8]);
    expect(second.findings).toEqual(redactFile(parseHunks(changed)).findings);
    expect(second.counts).toEqual({ total: 1, byKind: { "private-key": 1 } });
  });

  it("gives the findings redactFile gives, on random hunks", () => {
    const pool = [
      ...SAMPLES.map((sample) => sample.line),
      ...pemLines("PRIVATE KEY", 3, 1700),
      "",
      "const a = 1;",
      "password = os.environ['DB_PASSWORD']",
      "for (const token of tokens) count += token.length;",
      "Authorization: Bearer <token>",
    ];
    const row = fc.tuple(fc.constantFrom<LineKind>("add", "add", "del", "context"), fc.constantFrom(...pool));
    const hunks = fc.array(fc.array(row, { minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 3 });
    fc.assert(
      fc.property(hunks, fc.integer({ min: 1, max: 4 }), (rows, gap) => {
        const section = sectionOf(hunkText(rows, gap));
        const expected = redactFile(parseHunks(section)).findings;
        const { counts, findings } = findCommittedSecrets(section.path, section.body);
        expect(findings).toEqual(expected);
        expect(counts.total >= findings.length).toBe(true);
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});

// ---------------------------------------------------------------------------------------

describe("no false positives on ordinary code", () => {
  const ORDINARY: string[] = [
    // lockfiles
    `      "integrity": "sha512-${randomString(86, 1000, BASE64)}=="`,
    `  integrity sha1-${randomString(27, 1001, BASE64)}=`,
    `"resolved": "https://registry.npmjs.org/react/-/react-18.2.0.tgz#${randomString(40, 1002, "0123456789abcdef")}"`,
    // ids, hashes, data
    'const id = "3fa85f64-5717-4562-b3fc-2c963f66afa6";',
    `merge ${randomString(40, 1003, "0123456789abcdef")} into ${randomString(7, 1004, "0123456789abcdef")}`,
    `const sha = "${randomString(40, 1005, "0123456789abcdef")}";`,
    `const FIXTURE = "${randomString(120, 1006, BASE64)}==";`,
    `const png = "data:image/png;base64,${randomString(96, 1007, BASE64)}";`,
    `const MAGIC = 0x${randomString(32, 1008, "0123456789abcdef")}n;`,
    `const K = [0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b];`,
    // imports, paths, URLs
    'import { tokenize } from "../lexer/tokenize.js";',
    'import skLogo from "@/assets/sk-logo.svg";',
    'const docs = "https://docs.github.com/en/rest/authentication/keeping-your-api-credentials-secure";',
    'fetch("http://localhost:8080/api/v1/tokens?page=2")',
    "git@github.com:octo/repo.git",
    // styles
    ".task-list-item { color: #1f2328; background: #f6f8fa; }",
    ".disk-usage, .risk-score { border: 1px solid #d0d7de80; }",
    '<div className="sk-spinner sk-spinner-pulse task-list">',
    // minified-ish and ordinary identifiers
    "var a=function(t){return t.skipToken?e(t.nextToken):n.authorize(t)};",
    "const { accessToken, refreshToken } = await oauth.exchange(code);",
    "export function getAuthToken(): string | undefined {",
    "for (const token of tokens) count += token.length;",
    "The token budget is split between hunks; every token counts.",
    "if (token === undefined) throw new TokenError(token);",
    "const authorName = commit.author.name;",
    "passwordField.type = showPassword ? 'text' : 'password';",
    "const tokenizer = new Tokenizer(options);",
    "const bypassCache = true;",
    "AKIAPublic = 'not a key';",
    'lastSignificantToken = "?InterpolationInTemplate";',
    "apiKey: azureADTokenProvider ?? apiKey,",
    "exports.createO200KSpecialTokenMap = createO200KSpecialTokenMap;",
    // placeholders and indirections
    'password = "changeme"',
    'password: "password123"',
    'token: "test-token-123"',
    'OPENAI_API_KEY: "test-key-123"',
    'api_key = "YOUR_API_KEY_HERE"',
    'secret = "<your secret here>"',
    'password = "********"',
    "token = getToken()",
    "password: string;",
    "token?: string",
    "const token = process.env.TOKEN;",
    "token: process.env.GITHUB_TOKEN ?? '',",
    'password = os.environ["DB_PASSWORD"]',
    "api_key = settings.openai.api_key",
    "GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}",
    'token: "${{ secrets.NPM_TOKEN }}"',
    'password: "${DB_PASSWORD}"',
    "export TOKEN=$(cat /run/secrets/token)",
    'secret_file = "/etc/app/secrets/jwt2.key"',
    'token_url = "https://oauth2.example.com/v1/token"',
    "tokenLimit = 4096",
    "postgres://postgres:postgres@localhost:5432/test",
    "redis://:${REDIS_PASSWORD}@cache:6379",
    "https://user:password@example.com/",
    // dotted names, unquoted: code, however secret the name
    "password = this.userInput.value",
    "TOKEN=github.event.pull_request.head.sha",
    "secret: ctx.vaultClient.readValue",
    "SENDGRID_API_KEY=SG.placeholder.value",
    // Authorization headers that hold no credential yet
    "Authorization: Bearer <token>",
    "Authorization: Bearer ${TOKEN}",
    "Authorization: Bearer $TOKEN",
    "Authorization: Bearer {{token}}",
    "Authorization: Bearer {{ .Values.apiToken }}",
    "Authorization: Bearer xxx",
    "Authorization: Bearer xxxxxxxxxxxxxxxxxxxxxxxx",
    "Authorization: Bearer YOUR_ACCESS_TOKEN",
    "Authorization: Bearer %ACCESS_TOKEN%",
    "Authorization: Basic <base64 of user:password>",
    'curl -H "Authorization: Bearer $GITHUB_TOKEN" https://api.github.com/user',
    "curl -H 'Authorization: token ${{ secrets.GH_TOKEN }}' \\",
    'curl -H "Authorization: Bearer $(gh auth token)"',
    'headers: { Authorization: "Bearer " + token },',
    "// Send Authorization: Bearer <jwt> on every request.",
    "Authorization: Bearer",
    "Authorization: Bearer abc123def456",
  ];

  it.each(ORDINARY)("leaves %s alone", (line) => {
    const result = redactText(line);
    expect(result.redactions).toEqual([]);
    expect(result.text).toBe(line);

    const file = fileDiff([hunk([["add", line]])]);
    const redacted = redactFile(file);
    expect(redacted.file).toBe(file);
    expect(redacted.findings).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------

describe("the prefilter", () => {
  // The fast path is only sound if every line a detector would flag passes the prefilter.
  // This checks that, not speed: benchmarks live in bench/.
  const { mayContainSecret, detect } = redactInternals;

  it("lets through every sample line", () => {
    for (const { line } of SAMPLES) {
      expect(detect(line).length).toBeGreaterThan(0);
      expect(mayContainSecret(line)).toBe(true);
    }
  });

  it("never hides a line that a detector flags", () => {
    const pieces = [
      ...SAMPLES.flatMap((s) => [s.secret, s.line.replace(s.secret, "")]),
      "sk-", "sk_live_", "whsec_", "ghp_", "github_pat_", "glpat-", "xoxb-", "AIza", "AKIA", "ASIA",
      "eyJ", "://", "u:", "@", "password", "Token", "API-KEY", "secret", "=", ":", "\"", "'", " ",
      "-", "_", ".", "x7Gk2pQ9vLm4", randomString(40, 2000), "${", "}", "\\n", ",",
      "SG.", "Authorization", "Bearer ", "Basic ", ": ", "'", randomString(22, 2001), randomString(43, 2002),
      "c" + "io", randomString(32, 2004), "django-" + "insecure-", randomString(50, 2005, "abcdefghij0123456789!@#%^&*(-_=+)"),
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 8 }), (parts) => {
        const line = parts.join("");
        if (detect(line).length > 0) expect(mayContainSecret(line)).toBe(true);
      }),
      { numRuns: 3000, seed: 42 },
    );
  });

  it("reads settings lines and .pgpass lines only at a line's start", () => {
    expect(mayContainSecret("  requirepass hunter2")).toBe(true);
    expect(mayContainSecret("x requirepass hunter2")).toBe(false);
    expect(mayContainSecret("db.example.com:5432:*:app:pw")).toBe(true);
    expect(mayContainSecret("  *:*:*:app:pw")).toBe(true);
    expect(mayContainSecret("x db.example.com:5432:*:app:pw")).toBe(false);
    expect(mayContainSecret("a: 12:b:c:d")).toBe(false);
  });

  it("finds in hunk text the added and context lines that it lets through one by one", () => {
    const { candidateLineStarts } = redactInternals;
    const pieces = [
      "password", "Token", "requirepass", "secret", "db.example.com", ":5432", ":*", ":app", ":pw", "=", ":", " ", "\t",
      "'", "(", "ghp_", "sk-", "AKIA", "eyJ", "://u:p@", "PRIVATE KEY", "Bearer ", "x", "-p", "#", randomString(64, 2003, BASE64),
    ];
    const line = fc.tuple(fc.constantFrom("+", " ", "-"), fc.array(fc.constantFrom(...pieces), { maxLength: 6 }));
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 6 }), (lines) => {
        const body = ["@@ -1,9 +1,9 @@", ...lines.map(([marker, parts]) => marker + parts.join(""))].join("\n");
        const found = new Set(candidateLineStarts(body));
        let start = body.indexOf("\n") + 1;
        for (const [marker, parts] of lines) {
          const text = parts.join("");
          const keyBody = /^[ \t]*["'`]?[A-Za-z0-9+/]{64}/.test(text);
          if (marker !== "-" && (mayContainSecret(text) || keyBody)) expect(found.has(start)).toBe(true);
          start += marker.length + text.length + 1;
        }
      }),
      { numRuns: 2000, seed: 43 },
    );
  });
});

describe("sumRedactionCounts", () => {
  it("adds totals and kinds", () => {
    expect(
      sumRedactionCounts([
        { total: 2, byKind: { jwt: 1, "github-token": 1 } },
        { total: 0, byKind: {} },
        { total: 3, byKind: { jwt: 3 } },
      ]),
    ).toEqual({ total: 5, byKind: { jwt: 4, "github-token": 1 } });
  });
});
