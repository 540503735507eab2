import { beforeAll, describe, expect, test } from "vitest";
import { loadOpenApiChecker, type OpenApiChecker, type Operation, toJsonSchema } from "../support/github-server/openapi-checker.js";

let checker: OpenApiChecker;
beforeAll(async () => {
  checker = await loadOpenApiChecker();
});

function operation(method: string, path: string): { operation: Operation; pathParams: Record<string, string> } {
  const match = checker.match(method, path);
  if (match.kind !== "found") throw new Error(`${method} ${path}: ${match.kind}`);
  return match;
}

describe("match", () => {
  test("finds octokit's route and decodes its parameters", () => {
    expect(operation("GET", "/repos/acme/widgets/pulls/7")).toMatchObject({
      operation: { route: "GET /repos/{owner}/{repo}/pulls/{pull_number}" },
      pathParams: { owner: "acme", repo: "widgets", pull_number: "7" },
    });
    // octokit encodes the slashes of a contents path; other clients send them as is.
    for (const path of ["/repos/acme/widgets/contents/src%2Fa.ts", "/repos/acme/widgets/contents/src/a.ts"]) {
      expect(operation("GET", path)).toMatchObject({ operation: { route: "GET /repos/{owner}/{repo}/contents/{path}" }, pathParams: { path: "src/a.ts" } });
    }
  });

  test("a literal segment wins over a parameter", () => {
    expect(operation("GET", "/repos/acme/widgets/pulls/comments").operation.route).toBe("GET /repos/{owner}/{repo}/pulls/comments");
  });

  test("tells an unknown route from a known route with another method", () => {
    expect(checker.match("GET", "/repos/acme/widgets/pulls/7/reviewz")).toEqual({ kind: "no-route" });
    expect(checker.match("DELETE", "/rate_limit")).toEqual({ kind: "wrong-method", allowed: ["GET"] });
  });
});

describe("checkRequest", () => {
  const review = () => operation("POST", "/repos/acme/widgets/pulls/7/reviews");
  const check = (body: unknown, query: Record<string, string> = {}) => checker.checkRequest(review().operation, { pathParams: review().pathParams, query, body, hasBody: body !== undefined });

  test("a well-formed review passes", () => {
    expect(check({ commit_id: "a".repeat(40), event: "COMMENT", body: "ok", comments: [{ path: "a.ts", line: 3, side: "RIGHT", start_line: 1, start_side: "RIGHT", body: "x" }] })).toEqual([]);
  });

  test("a position sent as a string, an unknown event, a misspelt key are caught", () => {
    expect(check({ event: "COMMENT", comments: [{ path: "a.ts", position: "3", body: "x" }] })).toEqual(["body comments/0/position: must be integer"]);
    expect(check({ event: "LGTM" })).toEqual(['body event: must be equal to one of the allowed values (["APPROVE","REQUEST_CHANGES","COMMENT"])']);
    expect(check({ event: "COMMENT", comments: [{ path: "a.ts", line: 3, startSide: "RIGHT", body: "x" }] })).toEqual([
      'body comments/0: "startSide" is not in GitHub\'s description of this operation',
    ]);
    expect(check({ event: "COMMENT", comments: [{ line: 3, body: "x" }] })).toEqual(["body comments/0: must have required property 'path'"]);
  });

  test("path and query parameters are typed, and unknown query parameters are caught", () => {
    const files = operation("GET", "/repos/acme/widgets/pulls/seven/files");
    expect(checker.checkRequest(files.operation, { pathParams: files.pathParams, query: { per_page: "100", page: "two", perpage: "3" }, body: undefined, hasBody: false })).toEqual([
      'parameter: "query perpage" is not in GitHub\'s description of this operation',
      "parameter path pull_number: must be integer",
      "parameter query page: must be integer",
    ]);
  });

  test("a missing required body, and a body where none is taken", () => {
    const create = operation("POST", "/repos/acme/widgets/issues/7/comments");
    expect(checker.checkRequest(create.operation, { pathParams: create.pathParams, query: {}, body: undefined, hasBody: false })).toEqual([
      "the request has no body, and this operation requires one",
    ]);
    const get = operation("GET", "/repos/acme/widgets/pulls/7");
    expect(checker.checkRequest(get.operation, { pathParams: get.pathParams, query: {}, body: { a: 1 }, hasBody: true })).toEqual(["the request has a body, and this operation takes none"]);
  });
});

test("checkResponse finds what an answer lacks", () => {
  const pull = operation("GET", "/repos/acme/widgets/pulls/7").operation;
  expect(checker.checkResponse(pull, 200, {})).toContain("answer: must have required property 'head'");
  // No schema described for this status: nothing to say.
  expect(checker.checkResponse(pull, 418, {})).toEqual([]);
});

describe("toJsonSchema", () => {
  test("nullable becomes a null type, on typed and untyped schemas", () => {
    expect(toJsonSchema({ type: "string", nullable: true, enum: ["a"] }, false)).toEqual({ type: ["string", "null"], enum: ["a", null] });
    expect(toJsonSchema({ nullable: true, oneOf: [{ type: "string" }, { type: "integer" }] }, false)).toEqual({
      anyOf: [{ oneOf: [{ type: "string" }, { type: "integer" }] }, { type: "null" }],
    });
  });

  test("closed objects refuse unlisted keys, except inside combinators", () => {
    expect(toJsonSchema({ type: "object", properties: { a: { type: "object", properties: {} } } }, true)).toEqual({
      type: "object",
      properties: { a: { type: "object", properties: {}, additionalProperties: false } },
      additionalProperties: false,
    });
    expect(toJsonSchema({ oneOf: [{ type: "object", properties: { a: {} } }] }, true)).toEqual({ oneOf: [{ type: "object", properties: { a: {} } }] });
  });
});
