/**
 * Verifies a GitHub App's JSON web token the way GitHub does before it mints an installation
 * token: RS256, signed with the app's private key (checked with the public key the test
 * registered), `iss` naming the app, `iat` in the past, `exp` in the future and at most ten
 * minutes ahead. Messages are GitHub's own (401 answers users reported). Pure: the clock is
 * a parameter.
 */
import { type KeyObject, sign, verify } from "node:crypto";

export type JwtCheck = { ok: true; appId: string } | { ok: false; message: string };

const UNDECODABLE = "A JSON web token could not be decoded";

export function verifyAppJwt(token: string, publicKeyOf: (appId: string) => KeyObject | undefined, nowSeconds: number): JwtCheck {
  const parts = token.split(".");
  if (parts.length !== 3) return { ok: false, message: UNDECODABLE };
  const [headerPart = "", payloadPart = "", signaturePart = ""] = parts;
  const header = decodeJson(headerPart);
  const payload = decodeJson(payloadPart);
  if (!header || !payload || header.alg !== "RS256") return { ok: false, message: UNDECODABLE };

  const appId = typeof payload.iss === "number" || typeof payload.iss === "string" ? String(payload.iss) : undefined;
  const key = appId === undefined ? undefined : publicKeyOf(appId);
  if (appId === undefined || !key) return { ok: false, message: "Integration not found" };
  const signed = verify("RSA-SHA256", Buffer.from(`${headerPart}.${payloadPart}`), key, Buffer.from(signaturePart, "base64url"));
  if (!signed) return { ok: false, message: UNDECODABLE };

  if (!Number.isInteger(payload.iat) || (payload.iat as number) > nowSeconds + 60) {
    return { ok: false, message: "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued" };
  }
  if (!Number.isInteger(payload.exp) || (payload.exp as number) <= nowSeconds) {
    return { ok: false, message: "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires" };
  }
  if ((payload.exp as number) > nowSeconds + 600) return { ok: false, message: "'Expiration time' claim ('exp') is too far in the future" };
  return { ok: true, appId };
}

function decodeJson(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    // Not JSON: GitHub's answer is "could not be decoded", which the caller gives.
    return undefined;
  }
}

/** Signs an app JWT with node:crypto, for tests (the app itself uses Probot's own signing). */
export function signAppJwt(appId: string | number, privateKey: KeyObject | string, nowSeconds: number, claims: Record<string, unknown> = {}): string {
  const header = Buffer.from(JSON.stringify({ alg: "RS256", typ: "JWT" })).toString("base64url");
  const payload = Buffer.from(JSON.stringify({ iat: nowSeconds - 60, exp: nowSeconds + 540, iss: appId, ...claims })).toString("base64url");
  const signature = sign("RSA-SHA256", Buffer.from(`${header}.${payload}`), privateKey).toString("base64url");
  return `${header}.${payload}.${signature}`;
}
