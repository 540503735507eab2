/**
 * Free text (a PR title, description or the repository's instructions) has no path, and a
 * settings line pasted there (`DB_PASSWORD=orbit-maple-candle`, a YAML `password:` of
 * words joined by dots, `PGPASSWORD=... psql`) was read as code and sent as it was. Code in
 * the same text stays untouched.
 */
import { describe, expect, it } from "vitest";
import { redactText } from "../../src/core/redact/index.js";

describe("settings lines in free text", () => {
  it.each([
    ["DB_PASSWORD=orbit-maple-candle", "orbit-maple-candle"],
    ["SMTP_PASSWORD=Winter2026.Rocket", "Winter2026.Rocket"],
    ["    password: violet.rocket.umbrella.monkey", "violet.rocket.umbrella.monkey"],
    ["      - MYSQL_ROOT_PASSWORD=monkey.castle.correct.hollow", "monkey.castle.correct.hollow"],
    ["PGPASSWORD=pepper.lemon.bishop psql -h db.internal -U admin", "pepper.lemon.bishop"],
    ["spring.datasource.password=Jasper2022.Battery", "Jasper2022.Battery"],
    ["db.prod.internal:5432:orders:orders_rw:dXtxSr_if+bl!e1wWsB8", "dXtxSr_if+bl!e1wWsB8"],
    ["  shop:dbPassword: sPrWNzhlRAQFkgQF1gSHrEn91", "sPrWNzhlRAQFkgQF1gSHrEn91"],
  ])("redacts %s", (line, secret) => {
    const description = `Deploy notes:\n\n${line}\n\nThanks!`;
    const { text, redactions } = redactText(description);
    expect(text).not.toContain(secret);
    expect(redactions).toEqual([expect.objectContaining({ line: 3 })]);
  });

  it("redacts an env value set as name and value lines of a manifest", () => {
    const secret = "ioeSXuoNE3ar7gVZtEIOOoR89vBvrfwaXq0HMEhyILTgx3B7";
    const { text } = redactText(`env:\n  - name: JWT_SECRET\n    value: "${secret}"`);
    expect(text).not.toContain(secret);
  });

  it.each([
    "password = this.userInput.value",
    "password: string",
    "password=None",
    "DB_PASSWORD=${DB_PASSWORD}",
    "token: config.auth.token",
    "TOKEN=github.event.pull_request.head.sha",
    "secret: ctx.vaultClient.readValue",
    'url = f"postgresql://{user}:{password}@{host}:5432/{db}"',
    "The password: please ask the on-call engineer.",
    "12:30:45:00:final",
  ])("leaves %s alone", (line) => {
    expect(redactText(line)).toEqual({ text: line, redactions: [] });
  });
});
