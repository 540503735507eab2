/**
 * Adversary: fresh random values in ordinary places that reach the model and are no
 * finding: the one-line `.netrc` form (the README says .netrc is covered), `.pgpass`, the
 * MySQL DSN of Go's database/sql (`user:pass@tcp(host)/db`, no scheme), a literal fallback
 * after an environment variable (`process.env.TOKEN ?? '...'`, `os.getenv(...) or "..."`),
 * and keys named for what they do (`encryptionKey`, `signingKey`, `masterKey`).
 */
import { describe, expect, it } from "vitest";
import { addedFile, fakeChars, scan } from "./secret-helpers.js";

const V = fakeChars(24, 4242);

const PLACES: Array<[path: string, line: string]> = [
  [".netrc", `machine api.example.com login bot password ${V}`],
  [".pgpass", `db.example.com:5432:app:app:${V}`],
  ["src/db.go", `\tdb, err := sql.Open("mysql", "root:${V}@tcp(127.0.0.1:3306)/app")`],
  ["src/client.ts", `const token = process.env.TOKEN ?? '${V}';`],
  ["src/client.ts", `const apiKey = process.env.API_KEY || "${V}";`],
  ["src/settings.py", `password = os.getenv("DB_PASSWORD") or "${V}"`],
  ["src/crypto.ts", `const encryptionKey = '${V}';`],
  ["src/crypto.ts", `const signingKey = '${V}';`],
];

describe("adversary: secrets in ordinary places are missed", () => {
  it.each(PLACES)("finds the secret in %s: %s", (path, line) => {
    const { committed, text } = scan(addedFile(path, line));
    expect(text).not.toContain(V);
    expect(committed.counts.total).toBe(1);
  });
});
