/**
 * Passwords made by a password manager were read as something else and sent as they were:
 * "%s" or "%v" inside one as a format string, `nHh=CTC=...` after a YAML key as a type
 * annotation (`password: str = ...`), a dot near the end as a file name. Real format
 * strings and annotations stay untouched.
 */
import { describe, expect, it } from "vitest";
import { addedFile, scan } from "./secret-helpers.js";

describe("a password is not a format string, an annotation or a file name", () => {
  it.each([
    [".m2/settings.xml", "<password>loOAdc%Hq%sUVkd5</password>", "loOAdc%Hq%sUVkd5"],
    ["NuGet.Config", '<add key="ClearTextPassword" value="lf1S.S1qUG%v5d+vbrzJA1" />', "lf1S.S1qUG%v5d+vbrzJA1"],
    ["cloudformation/db.yaml", "      MasterUserPassword: nHh=CTC=GfKgG+1Z8", "nHh=CTC=GfKgG+1Z8"],
    ["azure/providers.tf", '  client_secret = "QJw8Q~eg45kH8A9bQPg1eQLVfahHU5yDV4MO.jvs"', "QJw8Q~eg45kH8A9bQPg1eQLVfahHU5yDV4MO.jvs"],
  ])("in %s", (path, line, secret) => {
    const { redacted, committed, text } = scan(addedFile(path, line));
    expect(text).not.toContain(secret);
    expect(text).not.toContain(secret.slice(-8));
    expect(redacted.findings).toHaveLength(1);
    expect(committed.findings).toHaveLength(1);
  });

  it.each([
    ["app/db.py", 'DSN = "postgresql://%s:%s@%s/%s" % (user, password, host, name)'],
    ["app/db.py", 'password_template = "Bearer %s"'],
    ["app/config.py", "    password: str = field(default=None)"],
    ["config/app.yml", "  secret_file: secrets.json"],
  ])("leaves %s alone: %s", (path, line) => {
    const { redacted, text } = scan(addedFile(path, line));
    expect(text).toBe(line);
    expect(redacted.findings).toEqual([]);
  });
});
