/**
 * A base64 key starts with "/" once in 32: an AWS secret access key or an Azure account key
 * like "/2RhHjvv..." was taken for a path and sent as it was. Real paths stay untouched.
 */
import { describe, expect, it } from "vitest";
import { redactText } from "../../src/core/redact/index.js";
import { addedFile, BASE64, fakeChars, scan } from "./secret-helpers.js";

describe("a key that starts with a slash", () => {
  const awsSecret = "/" + fakeChars(39, 61, BASE64);
  const accountKey = "/" + fakeChars(85, 62, BASE64) + "==";

  it.each([
    [".circleci/config.yml", `  AWS_SECRET_ACCESS_KEY: ${awsSecret}`, awsSecret],
    ["scripts/cleanup.py", `    aws_secret_access_key="${awsSecret}",`, awsSecret],
    ["src/Jobs/Export.cs", `"DefaultEndpointsProtocol=https;AccountName=prod;AccountKey=${accountKey};EndpointSuffix=core.windows.net";`, accountKey],
  ])("is redacted and reported in %s", (path, line, secret) => {
    const { redacted, committed, text } = scan(addedFile(path, line));
    expect(text).not.toContain(secret);
    expect(redacted.findings).toHaveLength(1);
    expect(committed.findings).toHaveLength(1);
  });

  it("is redacted in free text", () => {
    expect(redactText(`aws_secret_access_key = ${awsSecret}`).text).not.toContain(awsSecret);
  });

  it.each([
    ["config/app.yml", "  secret_key_file: /etc/app/keys/signing-key.pem"],
    ["config/app.yml", "  token_path: /var/run/secrets/kubernetes.io/serviceaccount/token"],
    [".env", "SECRET_KEY_DIR=/home/ci/.gnupg/private-keys-v1.d"],
  ])("leaves a real path alone in %s: %s", (path, line) => {
    const { redacted, committed, text } = scan(addedFile(path, line));
    expect(text).toBe(line);
    expect(redacted.findings).toEqual([]);
    expect(committed.findings).toEqual([]);
  });
});
