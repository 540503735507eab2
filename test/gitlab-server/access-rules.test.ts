import { describe, expect, test } from "vitest";
import { AccessLevel, type Caller, checkAccess, checkApprove, checkEditNote, checkUnapprove } from "../support/gitlab-server/access-rules.js";

const anonymous: Caller = { kind: "anonymous" };
const job: Caller = { kind: "job", projectId: 1, username: "alice" };
const api: Caller = { kind: "user", username: "bot", scopes: ["api"] };
const readApi: Caller = { kind: "user", username: "bot", scopes: ["read_api"] };
const privateMember = { visibility: "private" as const, level: AccessLevel.developer };
const privateStranger = { visibility: "private" as const, level: undefined };
const publicStranger = { visibility: "public" as const, level: undefined };

describe("checkAccess", () => {
  test.each([
    ["anonymous", anonymous],
    ["a CI job token (ignored by these endpoints)", job],
  ])("%s reads a public project, gets 404 on a private one, 401 on any write and on GET /user", (_name, caller) => {
    expect(checkAccess(caller, "read", publicStranger)).toBeUndefined();
    expect(checkAccess(caller, "read", privateStranger)).toEqual({ status: 404, body: { message: "404 Project Not Found" } });
    expect(checkAccess(caller, "write", publicStranger)).toEqual({ status: 401, body: { message: "401 Unauthorized" } });
    expect(checkAccess(caller, "write", privateMember)).toEqual({ status: 401, body: { message: "401 Unauthorized" } });
    expect(checkAccess(caller, "self", undefined)?.status).toBe(401);
  });

  test("an api token reads and writes where it is a member, and only reads (404) nowhere else that is private", () => {
    expect(checkAccess(api, "write", privateMember)).toBeUndefined();
    expect(checkAccess(api, "write", publicStranger)).toBeUndefined();
    expect(checkAccess(api, "read", privateStranger)?.status).toBe(404);
  });

  test("a read_api token reads but gets 403 insufficient_scope on writes", () => {
    expect(checkAccess(readApi, "read", privateMember)).toBeUndefined();
    expect(checkAccess(readApi, "write", privateMember)).toMatchObject({ status: 403, body: { error: "insufficient_scope", scope: "api" } });
  });
});

describe("checkApprove", () => {
  const fine = { isAuthor: false, authorMayApprove: true, alreadyApproved: false };
  test("a Developer or more may approve once", () => {
    expect(checkApprove(AccessLevel.developer, fine)).toBeUndefined();
    expect(checkApprove(AccessLevel.maintainer, fine)).toBeUndefined();
    expect(checkApprove(AccessLevel.developer, { ...fine, alreadyApproved: true })?.status).toBe(401);
  });
  test("a Reporter, a Guest or a non-member gets 401", () => {
    expect(checkApprove(AccessLevel.reporter, fine)?.status).toBe(401);
    expect(checkApprove(AccessLevel.guest, fine)?.status).toBe(401);
    expect(checkApprove(undefined, fine)?.status).toBe(401);
  });
  test("the author only when the project allows it", () => {
    expect(checkApprove(AccessLevel.developer, { ...fine, isAuthor: true })).toBeUndefined();
    expect(checkApprove(AccessLevel.developer, { ...fine, isAuthor: true, authorMayApprove: false })?.status).toBe(401);
  });
  test("unapprove without an approval is 404", () => {
    expect(checkUnapprove(false)).toEqual({ status: 404, body: { message: "404 Not found" } });
    expect(checkUnapprove(true)).toBeUndefined();
  });
});

test("checkEditNote: the author or a Maintainer, never a system note", () => {
  expect(checkEditNote({ isAuthor: true, level: AccessLevel.guest, system: false })).toBeUndefined();
  expect(checkEditNote({ isAuthor: false, level: AccessLevel.maintainer, system: false })).toBeUndefined();
  expect(checkEditNote({ isAuthor: false, level: AccessLevel.developer, system: false })).toEqual({ status: 403, body: { message: "403 Forbidden" } });
  expect(checkEditNote({ isAuthor: true, level: AccessLevel.owner, system: true })?.status).toBe(403);
});
