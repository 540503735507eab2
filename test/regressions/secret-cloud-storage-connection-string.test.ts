import { describe, expect, it } from "vitest";
import { BASE64, addedFile, fakeChars, scan } from "./secret-helpers.js";

describe("connection strings of cloud storage", () => {
  const accountKey = fakeChars(86, 1, BASE64) + "==";
  const sig = encodeURIComponent(fakeChars(43, 2, BASE64) + "=");
  it("redacts an Azure Storage account key", () => {
    const line = `"Storage": "DefaultEndpointsProtocol=https;AccountName=acmeprod;AccountKey=${accountKey};EndpointSuffix=core.windows.net"`;
    const { redacted, text } = scan(addedFile("appsettings.json", line));
    expect(text).not.toContain(accountKey);
    expect(text).toContain("AccountName=acmeprod");
    expect(redacted.findings).toHaveLength(1);
  });

  it("redacts the signature of a SAS token", () => {
    const line = `BLOB_URL=https://acme.blob.core.windows.net/backups?sv=2022-11-02&ss=b&srt=co&sp=rl&se=2026-01-01T00:00:00Z&sig=${sig}`;
    const { redacted, text } = scan(addedFile(".env", line));
    expect(text).not.toContain(sig);
    expect(redacted.findings).toHaveLength(1);
  });

  it("leaves the storage emulator's published key alone", () => {
    const published = ["Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq", "/K1SZFPTOtr/KBHBeksoGMGw=="].join("");
    const line = `UseDevelopmentStorage: "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${published};"`;
    expect(scan(addedFile("docker-compose.yml", line)).redacted.findings).toEqual([]);
  });
});
