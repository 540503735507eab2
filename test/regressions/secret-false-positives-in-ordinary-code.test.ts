import { describe, expect, it } from "vitest";
import { redactText } from "../../src/core/redact/index.js";
import { addedFile, scan } from "./secret-helpers.js";

// One real SDK upgrade diff gave 29 critical findings and a request_changes verdict with no
// secret in it. These are its lines, and the others the issue names.
const CASES: [path: string, line: string][] = [
  ["dist-types/models/models_0.d.ts", "  NextToken?: NonEmptyMaxLength1024String;"],
  ["dist-types/models/models_0.d.ts", "    SecretBinary?: Uint8Array | undefined;"],
  ["src/crypto.ts", "export type PassphraseBlob = Buffer|Uint8Array|Blob|string;"],
  ["src/fields.ts", 'const REQUIRED = ["username", "password", "s3BucketName"];'],
  ["app/db.py", 'url = f"postgresql://{user}:{password}@{host}:5432/{db}"'],
  ["dist-types/commands/RunInstancesCommand.d.ts", ' *   clientToken: "3fa85f64-5717-4562-b3fc-2c963f66afa6",'],
  ["dist-types/commands/ListUsersCommand.d.ts", ' *       "PasswordLastUsed": "2016-09-08T21:47:36Z",'],
  ["CHANGELOG.md", "* **client-sts:** add `WebIdentityToken: ClientTokenString` to AssumeRoleWithWebIdentity"],
  ["dist-types/commands/CreateAccessKeyCommand.d.ts", ' *     "AccessKeyId": "AKIAIOSFODNN7EXAMPLE",'],
  ["README.md", "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"],
  ["dist-types/commands/ChangePasswordCommand.d.ts", ' *   "NewPassword": "]35d/{pB9Fo9wJ",'],
  ["dist-cjs/index.js", "    SecretBinary: context.base64Encoder,"],
  ["package-lock.json", '      "integrity": "sha512-9p3Ke1u1v4MbgDbVHbqXAbbcURX1+wN4jNBrBrtrxgr6WoB4c/wrAJi2s7eSzHDRyaiZ3DsH8xeQfc2yfOVqQ=="'],
  ["docs/api.md", '  "NextPageToken": "CiAKGjBpNDd2Nmp2Zml2cXRwYjBpOXA",'],
  ["deploy/compose.yml", "      DB_PASSWORD: ${DB_PASSWORD}"],
  ["src/db.ts", "const password = process.env.DB_PASSWORD;"],
  ["src/auth.ts", "private readonly tokens: Map<string, Token> = new Map();"],
];

describe("ordinary code is no secret", () => {
  it.each(CASES)("%s: %s", (path, line) => {
    const { redacted, committed } = scan(addedFile(path, line));
    expect(redacted.redactions.total).toBe(0);
    expect(committed.findings).toEqual([]);
  });

  // Free text has no path to say it is code, so a doc comment's example password counts there.
  it.each(CASES.filter(([, line]) => !line.includes("NewPassword")))("%s, pasted as free text: %s", (_, line) => {
    expect(redactText(line).redactions).toEqual([]);
  });
});
