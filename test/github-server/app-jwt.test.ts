import { generateKeyPairSync, type KeyObject, sign } from "node:crypto";
import { expect, test } from "vitest";
import { signAppJwt, verifyAppJwt } from "../support/github-server/app-jwt.js";

const app = generateKeyPairSync("rsa", { modulusLength: 2048 });
const stranger = generateKeyPairSync("rsa", { modulusLength: 2048 });
const NOW = 1_700_000_000;
const keys = (id: string): KeyObject | undefined => (id === "123" ? app.publicKey : undefined);

test("a JWT signed with the app's key, iss = app id, is accepted (as a number or a string)", () => {
  expect(verifyAppJwt(signAppJwt(123, app.privateKey, NOW), keys, NOW)).toEqual({ ok: true, appId: "123" });
  expect(verifyAppJwt(signAppJwt("123", app.privateKey, NOW), keys, NOW)).toEqual({ ok: true, appId: "123" });
});

test("a JWT signed with another key could not be decoded", () => {
  expect(verifyAppJwt(signAppJwt(123, stranger.privateKey, NOW), keys, NOW)).toEqual({ ok: false, message: "A JSON web token could not be decoded" });
});

test("an unknown app is not found", () => {
  expect(verifyAppJwt(signAppJwt(999, app.privateKey, NOW), keys, NOW)).toEqual({ ok: false, message: "Integration not found" });
});

test("the clock claims are GitHub's: exp at most ten minutes ahead, not past; iat not ahead", () => {
  expect(verifyAppJwt(signAppJwt(123, app.privateKey, NOW, { exp: NOW + 601 }), keys, NOW)).toEqual({
    ok: false,
    message: "'Expiration time' claim ('exp') is too far in the future",
  });
  expect(verifyAppJwt(signAppJwt(123, app.privateKey, NOW, { exp: NOW + 600 }), keys, NOW).ok).toBe(true);
  expect(verifyAppJwt(signAppJwt(123, app.privateKey, NOW, { exp: NOW - 1 }), keys, NOW)).toMatchObject({ ok: false, message: expect.stringContaining("'Expiration time' claim ('exp') must be") });
  expect(verifyAppJwt(signAppJwt(123, app.privateKey, NOW, { iat: NOW + 120 }), keys, NOW)).toMatchObject({ ok: false, message: expect.stringContaining("'Issued at' claim ('iat')") });
});

test("anything but RS256 could not be decoded, an unsigned token included", () => {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const payload = part({ iss: 123, iat: NOW - 60, exp: NOW + 500 });
  expect(verifyAppJwt(`${part({ alg: "none" })}.${payload}.`, keys, NOW).ok).toBe(false);
  const hs = `${part({ alg: "HS256" })}.${payload}`;
  expect(verifyAppJwt(`${hs}.${sign("RSA-SHA256", Buffer.from(hs), app.privateKey).toString("base64url")}`, keys, NOW)).toEqual({
    ok: false,
    message: "A JSON web token could not be decoded",
  });
  expect(verifyAppJwt("not-a-jwt", keys, NOW).ok).toBe(false);
});
