import { describe, expect, it } from "vitest";
import { ALNUM, addedFile, fakeChars, scan } from "./secret-helpers.js";

describe("passwords in the settings files of build tools and package managers", () => {
  const password = fakeChars(1, 3, "abcdef") + fakeChars(14, 4, ALNUM) + "7";
  const npmToken = ["np", "m_", fakeChars(36, 5)].join("");
  const auth = Buffer.from(`ci-bot:${password}`).toString("base64");
  it.each([
    ["settings.xml", `      <password>${password}</password>`, password],
    ["gradle.properties", `mavenCentralPassword=${password}`, password],
    [".npmrc", `//registry.npmjs.org/:_authToken=${npmToken}`, npmToken],
    [".npmrc", `//npm.acme.io/:_password=${auth}`, auth],
    [".pypirc", `password = ${password}`, password],
    ["NuGet.config", `    <add key="ClearTextPassword" value="${password}" />`, password],
    ["pip.conf", `index-url = https://ci-bot:${password}@pypi.acme.io/simple`, password],
    [".docker/config.json", `    "registry.acme.io": { "auth": "${auth}" }`, auth],
  ])("%s", (path, line, secret) => {
    const { redacted, committed, text } = scan(addedFile(path, line));
    expect(text).not.toContain(secret);
    expect(redacted.findings).toHaveLength(1);
    expect(committed.findings).toHaveLength(1);
  });

  it("leaves references to the environment alone", () => {
    for (const [path, line] of [
      ["settings.xml", "<password>${env.MAVEN_PASSWORD}</password>"],
      [".npmrc", "//registry.npmjs.org/:_authToken=${NPM_TOKEN}"],
    ]) {
      expect(scan(addedFile(path!, line!)).redacted.findings).toEqual([]);
    }
  });
});
