/**
 * The private key reached the log when it was put in the wrong variable: with the PEM text
 * in PRIVATE_KEY_PATH (an easy slip: both names start alike, and dashboards offer one box
 * per variable), `ai-review serve` refused to start with a message that quotes
 * PRIVATE_KEY_PATH's value, that is the whole private key, into the process's output and
 * whatever collects it. The settings promise that "no message ever contains a secret's
 * value": a value that looks like a PEM must not be echoed (say "PRIVATE_KEY_PATH holds a
 * PEM key, not a path: put it in PRIVATE_KEY").
 */
import { describe, expect, test } from "vitest";
import { ConfigError } from "../../src/config.js";
import { readServeSettings } from "../../src/entries/serve/serve-settings.js";
import { testKeys, WEBHOOK_SECRET } from "../serve/serve-harness.js";

describe("regression: the private key echoed from PRIVATE_KEY_PATH", () => {
  test("a PEM given as PRIVATE_KEY_PATH is refused without quoting it", async () => {
    const pem = testKeys().privateKey;
    const error = await readServeSettings({ APP_ID: "1", PRIVATE_KEY_PATH: pem, WEBHOOK_SECRET, PORT: "0" }).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(error).toBeInstanceOf(ConfigError);
    const keyLines = pem.split("\n").filter((line) => line.length > 40);
    for (const line of keyLines) expect(error!.message).not.toContain(line);
  });
});
