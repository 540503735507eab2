/** The pure pieces of the wire format: pagination headers, Grape's parameter checks, diff entries. */
import { describe, expect, test } from "vitest";
import { diffJson, type DiffFile } from "../support/gitlab-server/diff-files.js";
import { paginate } from "../support/gitlab-server/pagination.js";
import { checkParams, nestEntries, type ParamSpec } from "../support/gitlab-server/parameters.js";

describe("paginate", () => {
  const items = Array.from({ length: 75 }, (_, index) => index + 1);
  const url = (query: string) => new URL(`http://gitlab.test/api/v4/projects/1/merge_requests/2/diffs${query}`);

  test("the first page names the next one in X-Next-Page and in Link, keeping the query", () => {
    const page = paginate(items, url("?per_page=30&unidiff=true"));
    expect(page.items).toEqual(items.slice(0, 30));
    expect(page.headers).toMatchObject({ "x-page": "1", "x-per-page": "30", "x-next-page": "2", "x-prev-page": "", "x-total": "75", "x-total-pages": "3" });
    expect(page.headers.link).toContain('<http://gitlab.test/api/v4/projects/1/merge_requests/2/diffs?per_page=30&unidiff=true&page=2>; rel="next"');
    expect(page.headers.link).toContain('page=3>; rel="last"');
    expect(page.headers.link).not.toContain('rel="prev"');
  });

  test("the last page has no next", () => {
    const page = paginate(items, url("?per_page=30&page=3"));
    expect(page.items).toEqual(items.slice(60));
    expect(page.headers["x-next-page"]).toBe("");
    expect(page.headers.link).not.toContain('rel="next"');
    expect(page.headers.link).toContain('diffs?per_page=30&page=2>; rel="prev"');
  });

  test("20 per page by default; per_page is capped", () => {
    expect(paginate(items, url("")).items).toHaveLength(20);
    expect(paginate(items, url("?per_page=500")).headers["x-per-page"]).toBe("100");
    expect(paginate(items, url("?per_page=500"), 30).items).toHaveLength(30);
  });

  test("an empty list is one empty page", () => {
    expect(paginate([], url("")).headers).toMatchObject({ "x-total": "0", "x-total-pages": "1", "x-next-page": "" });
  });
});

describe("parameters", () => {
  const position: Record<string, ParamSpec> = {
    body: { type: "string", required: true },
    position: { type: "hash", fields: { base_sha: { type: "string", required: true }, new_line: { type: "integer" }, position_type: { type: "string", required: true, values: ["text"] } } },
  };

  test("form fields nest by their brackets and numbers are typed", () => {
    const input = nestEntries([["body", "hi"], ["position[base_sha]", "abc"], ["position[new_line]", "5"], ["position[position_type]", "text"]]);
    expect(checkParams(input, position)).toEqual({ params: { body: "hi", position: { base_sha: "abc", new_line: 5, position_type: "text" } }, errors: [], unknown: [] });
  });

  test("Grape's messages for missing, mistyped and invalid values; unknown ones reported", () => {
    const checked = checkParams({ position: { new_line: "five", position_type: "image", line: 3 } }, position);
    expect(checked.errors).toEqual(["body is missing", "position[base_sha] is missing", "position[new_line] is invalid", "position[position_type] does not have a valid value"]);
    expect(checked.unknown).toEqual(["position[line]"]);
  });
});

describe("diffJson", () => {
  const file: DiffFile = { oldPath: "a.txt", newPath: "a.txt", aMode: "100644", bMode: "100644", newFile: false, renamedFile: false, deletedFile: false, binary: false, hunks: "@@ -1 +1 @@\n-a\n+b\n" };
  const limits = { collapseBytes: 100, tooLargeBytes: 1000 };

  test("serves the hunks without headers, or with them when unidiff", () => {
    expect(diffJson(file, limits)).toMatchObject({ diff: "@@ -1 +1 @@\n-a\n+b\n", collapsed: false, too_large: false });
    expect(diffJson(file, limits, { unidiff: true }).diff).toBe("--- a/a.txt\n+++ b/a.txt\n@@ -1 +1 @@\n-a\n+b\n");
  });

  test("empties the diff of a collapsed or too large file and says why", () => {
    const big = { ...file, hunks: `@@ -1 +1 @@\n-a\n+${"x".repeat(200)}\n` };
    expect(diffJson(big, limits)).toMatchObject({ diff: "", collapsed: true, too_large: false });
    expect(diffJson(big, { collapseBytes: 10, tooLargeBytes: 100 })).toMatchObject({ diff: "", collapsed: false, too_large: true });
  });

  test("a binary file says so in `diff`", () => {
    expect(diffJson({ ...file, binary: true, hunks: "" }, limits).diff).toBe("Binary files a/a.txt and b/a.txt differ\n");
  });
});
